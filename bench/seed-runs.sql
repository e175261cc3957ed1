-- Seeds one tenant with run history for the runs benchmark (bench/runs.sh): bench.runs runs spread over bench.days
-- days, each with one step row per node of its workflow's latest published version, and step attempts for the
-- steps that failed or were retried. Set-based (generate_series), one transaction, ANALYZE at the end.
--
-- Run it once per tenant, as the schema owner, on a session that names the tenant and the sizes:
--   psql "$URL" -v ON_ERROR_STOP=1 -c "set app.tenant_id = '<tenant id>'" -c "set bench.runs = 1000000" \
--        -c "set bench.days = 90" -c "set bench.big_workflow = '<workflow id or empty>'" -f bench/seed-runs.sql
-- RunsBenchmark does the same through JDBC. The tenant's workflows must exist and be published (the benchmark
-- creates them through the services); they must be chains whose nodes are listed in execution order, the trigger
-- first. bench.big_workflow (optional) gets no history but one succeeded run over all its nodes, for the run view.
-- Row-level security: the rows carry the session's tenant, so the policies' checks pass for a non-superuser owner
-- as well (a superuser bypasses them).
--
-- The mix: ~92 % succeeded, 6 % failed (parked unless a later run re-ran it), 2 % cancelled; running runs wait in
-- an approval (2 % of the last 14 days, 0.2 % before) or a 30-day delay (2 % of the last 14 days), only in workflows
-- that have such a step. Triggers: the workflow's own kind, 7 % api, 5 % manual, 1.5 % re-runs of an earlier
-- failed run of the same workflow. Workflows whose definition has a businessKey get keys ORD-n, ~3 runs a key.
-- Nothing is left QUEUED or RUNNING and no timer falls due, so the engine's recovery finds nothing to do.

begin;

select setseed(0.4217);

create temp table seed_settings on commit drop as
select flowmeter_current_tenant()                                          as tenant_id,
       greatest(1, coalesce(nullif(current_setting('bench.runs', true), ''), '1000000')::int) as runs,
       coalesce(nullif(current_setting('bench.days', true), ''), '90')::int                   as days,
       nullif(current_setting('bench.big_workflow', true), '')::uuid        as big_workflow,
       now()                                                               as seeded_at;

-- the tenant's published workflows, numbered, with what the seed needs to know about each
create temp table seed_workflows on commit drop as
select (row_number() over (order by w.name, w.id) - 1)::int as k,
       w.id                                                 as workflow_id,
       v.id                                                 as version_id,
       v.number                                             as version_number,
       n.ids                                                as nodes,
       n.types                                              as types,
       cardinality(n.ids)                                   as steps,
       coalesce(array_position(n.types, 'core.approval'), array_position(n.types, 'core.delay')) as wait_at,
       case when n.types @> array['core.approval'] then 'approval' else 'delay' end               as wait_kind,
       coalesce(nullif(replace(n.types[1], 'trigger.', ''), n.types[1]), 'manual')                as native_kind,
       nullif(v.definition ->> 'businessKey', '') is not null                                     as keyed
from workflows w
join workflow_versions v on v.workflow_id = w.id and v.number = w.latest_version
cross join lateral (select array_agg(e.node ->> 'id' order by e.i)   as ids,
                           array_agg(e.node ->> 'type' order by e.i) as types
                    from jsonb_array_elements(v.definition -> 'nodes') with ordinality e(node, i)) n
cross join seed_settings s
where w.tenant_id = s.tenant_id and w.id is distinct from s.big_workflow;

-- one row per run; n orders them by start time, oldest first (the heap gets them in that order, as in life)
create temp table seed_runs on commit drop as
select d.n, d.id, d.k, d.created_at, d.outcome,
       case when d.outcome in ('FAILED', 'CANCELLED') then 2 + floor(d.u5 * (d.steps - 1))::int end as fail_at,
       case when d.outcome = 'FAILED' then 1 + floor(d.u6 * 3)::int end                              as fail_attempts,
       case when d.outcome = 'SUCCEEDED' and d.u6 < 0.03 then 2 + floor(d.u6 / 0.03 * (d.steps - 1))::int end as retried_at,
       case when d.outcome = 'RUNNING' then null
            when d.outcome = 'CANCELLED' then d.created_at + interval '1 minute' * (1 + d.u3 * 120)
            when d.wait_kind = 'approval' and d.outcome = 'SUCCEEDED' then d.created_at + interval '1 minute' * (5 + d.u3 * 600)
            else d.created_at + interval '1 millisecond' * (40 + d.u3 * d.u3 * 20000) end             as finished_at,
       case when d.u2 < 0.015 then 'rerun'
            when d.u2 < 0.065 then 'manual'
            when d.u2 < 0.135 then 'api'
            else d.native_kind end                                                                   as trigger_kind,
       case when d.keyed then 'ORD-' || (100000 + floor(d.u4 * greatest(1, d.runs / 7)))::int end    as business_key,
       null::uuid                                                                                    as rerun_of,
       d.outcome = 'FAILED'                                                                          as parked
from (select b.*, w.steps, w.wait_kind, w.native_kind, w.keyed, s.runs,
             case when w.wait_at is not null
                       and b.u1 < case when b.age_days < 14 then 0.02 when w.wait_kind = 'approval' then 0.002 else 0 end
                      then 'RUNNING'
                  when b.u1 >= 0.94 then 'FAILED'
                  when b.u1 >= 0.92 then 'CANCELLED'
                  else 'SUCCEEDED' end as outcome
      from (select n, md5(s.tenant_id::text || ':run:' || n)::uuid as id,
                   floor(random() * (select count(*) from seed_workflows))::int as k,
                   c.created_at, extract(epoch from s.seeded_at - c.created_at) / 86400 as age_days,
                   random() as u1, random() as u2, random() as u3, random() as u4, random() as u5, random() as u6
            from seed_settings s
            cross join lateral generate_series(1, s.runs) n
            cross join lateral (select s.seeded_at - interval '1 day' * s.days * (s.runs - n + random()) / s.runs as created_at) c) b
      join seed_workflows w on w.k = b.k
      cross join seed_settings s) d;
create index on seed_runs (k, n) where outcome = 'FAILED';
create index on seed_runs (id);
analyze seed_runs;
-- a re-run re-runs the latest failed run of its workflow before it, which is no longer parked (none before it: the
-- run came from the workflow's own trigger)
update seed_runs r set rerun_of = (select f.id from seed_runs f where f.k = r.k and f.outcome = 'FAILED' and f.n < r.n
                                   order by f.n desc limit 1)
where r.trigger_kind = 'rerun';
update seed_runs r set trigger_kind = w.native_kind from seed_workflows w
where w.k = r.k and r.trigger_kind = 'rerun' and r.rerun_of is null;
update seed_runs f set parked = false where f.parked and f.id in (select rerun_of from seed_runs where rerun_of is not null);

insert into runs (id, tenant_id, workflow_id, version_id, version_number, status, trigger_kind, input, output, error, parked,
                  rerun_of, created_at, updated_at, finished_at, business_key)
select r.id, s.tenant_id, w.workflow_id, w.version_id, w.version_number, r.outcome, r.trigger_kind,
       jsonb_build_object('orderId', coalesce(r.business_key, 'ORD-' || r.n), 'amount', round((r.n % 9973) / 7.0, 2),
                          'currency', 'EUR', 'customer', jsonb_build_object('id', 'C' || (r.n % 50021), 'tier',
                          case when r.n % 11 = 0 then 'vip' else 'standard' end)),
       case when r.outcome = 'SUCCEEDED' then jsonb_build_object(w.nodes[w.steps], jsonb_build_object('status', 200, 'id', r.n)) end,
       case when r.outcome = 'FAILED' then 'Step ''' || w.nodes[r.fail_at] || ''' failed: HTTP 503 from api.example.com: Service Unavailable'
            when r.outcome = 'CANCELLED' then 'Cancelled' end,
       r.parked, r.rerun_of, r.created_at,
       coalesce(r.finished_at, r.created_at + interval '1 second'), r.finished_at, r.business_key
from seed_runs r
join seed_workflows w on w.k = r.k
cross join seed_settings s
order by r.n;

-- one step row per node; a step's times follow the run's (each step takes an even share of the run's time)
insert into step_runs (id, tenant_id, run_id, node_id, status, attempt, output, error, waiting, wake_at, queued_at,
                       started_at, finished_at, duration_ms)
select md5(r.id::text || ':' || x.i)::uuid, s.tenant_id, r.id, w.nodes[x.i], x.status,
       case when x.status in ('PENDING', 'CANCELLED') then 0
            when x.i = r.fail_at and r.outcome = 'FAILED' then r.fail_attempts
            when x.i = r.retried_at then 2 else 1 end,
       case when x.status = 'SUCCEEDED' then
                case when x.i = 1 then jsonb_build_object('orderId', coalesce(r.business_key, 'ORD-' || r.n))
                     else jsonb_build_object('status', 200, 'body', jsonb_build_object('ok', true, 'id', r.n, 'step', x.i)) end end,
       case when x.status = 'FAILED' then 'HTTP 503 from api.example.com: Service Unavailable'
            when x.status = 'CANCELLED' and r.outcome = 'CANCELLED' then 'The run was cancelled'
            when x.status = 'CANCELLED' then 'Cancelled because step ''' || w.nodes[r.fail_at] || ''' failed' end,
       case when x.status = 'WAITING' and w.wait_kind = 'approval'
                then jsonb_build_object('kind', 'approval', 'info', jsonb_build_object('message', 'Approve order ' || coalesce(r.business_key, 'ORD-' || r.n) || '?'),
                                        'timeoutOutput', jsonb_build_object('approved', false, 'outcome', 'timeout'))
            when x.status = 'WAITING'
                then jsonb_build_object('kind', 'delay', 'until', to_char((r.created_at + interval '30 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                        'output', jsonb_build_object('waitedUntil', to_char((r.created_at + interval '30 days') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))) end,
       case when x.status = 'WAITING' and w.wait_kind = 'delay' then r.created_at + interval '30 days' end,
       case when x.i > 1 then x.started end,
       x.started,
       case when x.status in ('SUCCEEDED', 'FAILED') then x.finished
            when x.status = 'CANCELLED' then r.finished_at end,
       case when x.status in ('SUCCEEDED', 'FAILED') then (extract(epoch from x.finished - x.started) * 1000)::bigint end
from seed_runs r
join seed_workflows w on w.k = r.k
cross join seed_settings s
cross join lateral (
    select i,
           case when i = 1 then 'SUCCEEDED'
                when r.outcome = 'SUCCEEDED' then 'SUCCEEDED'
                when r.outcome = 'RUNNING' then case when i < w.wait_at then 'SUCCEEDED' when i = w.wait_at then 'WAITING' else 'PENDING' end
                when i < r.fail_at then 'SUCCEEDED'
                when i = r.fail_at and r.outcome = 'FAILED' then 'FAILED'
                else 'CANCELLED' end as status,
           case when i = 1 then r.created_at
                when r.outcome = 'RUNNING' and i > w.wait_at then null
                when r.outcome in ('FAILED', 'CANCELLED') and i > r.fail_at then null
                when r.outcome = 'CANCELLED' and i = r.fail_at then null
                else r.created_at + (coalesce(r.finished_at, r.created_at + interval '2 seconds') - r.created_at) * (i - 1) / w.steps end as started,
           case when i = 1 then r.created_at
                else r.created_at + (coalesce(r.finished_at, r.created_at + interval '2 seconds') - r.created_at) * i / w.steps end as finished
    from generate_series(1, w.steps) i) x;

-- attempts: every try of a failed step, and both tries of a step that succeeded on its second
insert into step_attempts (id, tenant_id, run_id, step_run_id, attempt, outcome, error, log, started_at, finished_at)
select md5(r.id::text || ':' || r.fail_at || ':' || a)::uuid, s.tenant_id, r.id, md5(r.id::text || ':' || r.fail_at)::uuid, a, 'FAILED',
       'HTTP 503 from api.example.com: Service Unavailable', null,
       r.created_at + interval '1 second' * a, r.created_at + interval '1 second' * a + interval '120 milliseconds'
from seed_runs r
cross join seed_settings s
cross join lateral generate_series(1, r.fail_attempts) a
where r.outcome = 'FAILED'
union all
select md5(r.id::text || ':' || r.retried_at || ':' || a)::uuid, s.tenant_id, r.id, md5(r.id::text || ':' || r.retried_at)::uuid, a,
       case a when 1 then 'FAILED' else 'SUCCEEDED' end, case a when 1 then 'Timed out after 30 s' end, null,
       r.created_at + interval '1 second' * a, r.created_at + interval '1 second' * a + interval '80 milliseconds'
from seed_runs r
cross join seed_settings s
cross join lateral generate_series(1, 2) a
where r.retried_at is not null;

-- the big workflow's one run: every node succeeded an hour ago, each with an attempt but the trigger
create temp table seed_big on commit drop as
select md5(s.tenant_id::text || ':big-run')::uuid as run_id, s.tenant_id, w.id as workflow_id, v.id as version_id,
       v.number as version_number, s.seeded_at - interval '1 hour' as created_at, v.definition
from seed_settings s
join workflows w on w.id = s.big_workflow
join workflow_versions v on v.workflow_id = w.id and v.number = w.latest_version;
insert into runs (id, tenant_id, workflow_id, version_id, version_number, status, trigger_kind, input, output, parked,
                  created_at, updated_at, finished_at)
select run_id, tenant_id, workflow_id, version_id, version_number, 'SUCCEEDED', 'webhook',
       '{"body": {"orderId": "ORD-1", "kind": "vip"}}', '{"done": true}', false,
       created_at, created_at + interval '9 seconds', created_at + interval '9 seconds'
from seed_big;
insert into step_runs (id, tenant_id, run_id, node_id, status, attempt, output, started_at, finished_at, duration_ms)
select md5(b.run_id::text || ':' || e.i)::uuid, b.tenant_id, b.run_id, e.node ->> 'id', 'SUCCEEDED', 1,
       case when e.node ->> 'type' = 'core.condition' then '{"result": true}'::jsonb
            else jsonb_build_object('status', 200, 'body', jsonb_build_object('ok', true, 'step', e.i)) end,
       b.created_at + interval '90 milliseconds' * (e.i - 1), b.created_at + interval '90 milliseconds' * e.i - interval '5 milliseconds', 85
from seed_big b
cross join lateral jsonb_array_elements(b.definition -> 'nodes') with ordinality e(node, i);
insert into step_attempts (id, tenant_id, run_id, step_run_id, attempt, outcome, log, started_at, finished_at)
select md5(b.run_id::text || ':' || e.i || ':1')::uuid, b.tenant_id, b.run_id, md5(b.run_id::text || ':' || e.i)::uuid, 1, 'SUCCEEDED',
       'POST https://api.example.com/orders/ORD-1 -> 200 (85 ms)',
       b.created_at + interval '90 milliseconds' * (e.i - 1), b.created_at + interval '90 milliseconds' * e.i - interval '5 milliseconds'
from seed_big b
cross join lateral jsonb_array_elements(b.definition -> 'nodes') with ordinality e(node, i)
where not (e.node ->> 'type') like 'trigger.%';

commit;

analyze runs;
analyze step_runs;
analyze step_attempts;
