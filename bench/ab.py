"""Alternating batches of requests, one at a time, to two running Flowmeter apps; the JVM CPU each batch cost (from
/proc) per request, and the median over the batches. Driven by bench/ab.sh."""
import http.client
import json
import os
import statistics
import sys

TICK = os.sysconf('SC_CLK_TCK')
KEY = os.environ['AB_KEY']


def cpu(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class App:
    def __init__(self, spec):
        self.name, port, pid = spec.split(':')
        self.pid = int(pid)
        self.conn = http.client.HTTPConnection('127.0.0.1', int(port))
        self.workflow = None

    def send(self, method, path, body=None):
        headers = {'Authorization': 'Bearer ' + KEY}
        if body is not None:
            headers['Content-Type'] = 'application/json'
        self.conn.request(method, path, body=body, headers=headers)
        answer = self.conn.getresponse()
        text = answer.read()
        if answer.status // 100 != 2:
            raise SystemExit(f'{self.name}: {method} {path} answered {answer.status}: {text[:300]!r}')
        return text

    def request(self, kind):
        if kind == 'run':
            if self.workflow is None:  # a published 3-step no-op workflow, as bench/http.sh runs
                nodes = [{'id': 't', 'type': 'trigger.manual'}] + [{'id': f'n{i}', 'type': 'core.noop'} for i in (1, 2)]
                edges = [{'from': 't', 'to': 'n1'}, {'from': 'n1', 'to': 'n2'}]
                created = json.loads(self.send('POST', '/api/v1/workflows', json.dumps({'name': 'ab', 'nodes': nodes, 'edges': edges})))
                self.workflow = created['id']
                self.send('POST', f'/api/v1/workflows/{self.workflow}/publish')
            self.send('POST', f'/api/v1/workflows/{self.workflow}/runs', '{}')
        else:
            self.send('GET', kind)


def main():
    apps = [App(spec) for spec in sys.argv[1:3]]
    rounds, warmup = int(os.environ.get('AB_ROUNDS', '10')), int(os.environ.get('AB_WARMUP', '20000'))
    for kind, batch in (('/actuator/health', 3000), ('/api/v1/tenant', 3000), ('run', 600)):
        # the demo plan allows 10,000 runs a month: 3,000 to warm up and 6,000 measured stay inside it
        count = min(warmup, 3000) if kind == 'run' else warmup
        for app in apps:
            for _ in range(count):
                app.request(kind)
        costs = {app.name: [] for app in apps}
        for i in range(rounds):
            for app in apps if i % 2 == 0 else reversed(apps):
                before = cpu(app.pid)
                for _ in range(batch):
                    app.request(kind)
                costs[app.name].append((cpu(app.pid) - before) * 1000 / batch)
        label = 'POST /api/v1/workflows/{id}/runs (3-step no-op run)' if kind == 'run' else 'GET ' + kind
        medians = {name: statistics.median(values) for name, values in costs.items()}
        first, second = (medians[app.name] for app in apps)
        print(f'{label}: JVM CPU per request, median of {rounds} alternating batches of {batch} after {count} to warm up: '
              + ', '.join(f'{app.name} {medians[app.name]:.3f} ms' for app in apps) + f' ({(second - first) / first * 100:+.1f} %)')
        for app in apps:
            print(f'    {app.name}: ' + ', '.join(f'{value:.3f}' for value in costs[app.name]))


main()
