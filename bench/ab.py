"""Alternating batches of requests, one at a time, to two running Flowmeter apps; the CPU each batch cost per request,
the JVM's and its PostgreSQL's (from /proc), and the median over the batches. Driven by bench/ab.sh."""
import http.client
import json
import os
import statistics
import sys

TICK = os.sysconf('SC_CLK_TCK')
KEY = os.environ['AB_KEY']


def stat(pid):
    with open(f'/proc/{pid}/stat') as f:
        return f.read().rsplit(')', 1)[1].split()  # fields from the state on: [1] is the parent, [11:15] the CPU times


def cpu(pid):
    fields = stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICK


def tree_cpu(postmaster):
    """The postmaster's CPU, its live children's (backends, WAL writer, checkpointer...) and that of children that exited."""
    fields = stat(postmaster)
    total = sum(int(v) for v in fields[11:15])
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                child = stat(entry)
            except OSError:
                continue  # exited meanwhile: its time is in the postmaster's now
            if child[1] == str(postmaster):
                total += int(child[11]) + int(child[12])
    return total / TICK


class App:
    def __init__(self, spec):
        self.name, port, pid, postmaster = spec.split(':')
        self.pid = int(pid)
        self.postmaster = int(postmaster)
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
    kinds = os.environ.get('AB_KINDS', 'health,tenant,run').split(',')
    for kind, batch in (('/actuator/health', 3000), ('/api/v1/tenant', 3000), ('run', 600)):
        if kind.rsplit('/', 1)[-1] not in kinds:
            continue
        # the demo plan allows 10,000 runs a month: 3,000 to warm up and 6,000 measured stay inside it
        count = min(warmup, 3000) if kind == 'run' else warmup
        for app in apps:
            for _ in range(count):
                app.request(kind)
        costs = {(app.name, side): [] for app in apps for side in ('JVM', 'PostgreSQL')}
        for i in range(rounds):
            for app in apps if i % 2 == 0 else reversed(apps):
                jvm, pg = cpu(app.pid), tree_cpu(app.postmaster)
                for _ in range(batch):
                    app.request(kind)
                costs[(app.name, 'JVM')].append((cpu(app.pid) - jvm) * 1000 / batch)
                costs[(app.name, 'PostgreSQL')].append((tree_cpu(app.postmaster) - pg) * 1000 / batch)
        label = 'POST /api/v1/workflows/{id}/runs (3-step no-op run)' if kind == 'run' else 'GET ' + kind
        print(f'{label}: CPU per request, median of {rounds} alternating batches of {batch} after {count} to warm up:')
        for side in ('JVM', 'PostgreSQL'):
            medians = [statistics.median(costs[(app.name, side)]) for app in apps]
            lower = sum(1 for a, b in zip(costs[(apps[0].name, side)], costs[(apps[1].name, side)]) if b < a)
            change = f'{(medians[1] - medians[0]) / medians[0] * 100:+.1f} %; ' if medians[0] > 0 else ''
            print(f'  {side}: ' + ', '.join(f'{app.name} {m:.3f} ms' for app, m in zip(apps, medians))
                  + f' ({change}{apps[1].name} lower in {lower} of {rounds} pairs)')
            for app in apps:
                print(f'    {app.name}: ' + ', '.join(f'{value:.3f}' for value in costs[(app.name, side)]))


main()
