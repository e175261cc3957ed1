-- Seeds one tenant with ROI history for the ROI benchmark (bench/roi.sh): the value and cost facts bench.runs finished
-- runs would have written over bench.days days (one RUN fact per run, the step facts of its steps), the hourly rollup
-- of all of them but the newest bench.unrolled facts (left for the rollup, as a live system has some), the ROI
-- settings and the assumptions the facts were priced with. The runs themselves (runs, step_runs) are not written: the
-- reports read facts and rollups only. Set-based (generate_series), one transaction, ANALYZE at the end.
--
-- Run it once per tenant, as the schema owner, on a session that names the tenant and the sizes:
--   psql "$URL" -v ON_ERROR_STOP=1 -c "set app.tenant_id = '<tenant id>'" -c "set bench.runs = 1000000" \
--        -c "set bench.days = 90" -c "set bench.unrolled = 2000" -f bench/seed-roi.sql
-- RoiBenchmark does the same through JDBC. The tenant's workflows must exist and be published (the benchmark creates
-- them through the services, each published up to three times); they must be chains whose nodes are listed in
-- execution order, the trigger first. A run uses its workflow's version 1, 2 or 3 by its date (the oldest third of
-- the period version 1), as far as the workflow has them. The nodes' value settings ("value") give the VALUE facts.
-- Row-level security: the rows carry the session's tenant, so the policies' checks pass for a non-superuser owner
-- as well (a superuser bypasses them).
--
-- The mix: ~92 % of runs succeeded, 6 % failed (at a random step, after 1-3 attempts of it), 2 % cancelled (before a
-- random step). Facts per step, priced as RoiMaths prices them with the assumptions below (6 decimals, half-even):
--   http.request   COMPUTE (60 ms - 1.6 s of work) and CALL (a fee per call), for every attempt
--   llm.chat       COMPUTE (0.7 - 5.7 s) for every attempt, and LLM (200-2,700 tokens in, 40-740 out) when it succeeded
--   core.transform COMPUTE (1-5 ms)
--   core.approval  APPROVAL (its minutesToDecide at the default rate) when it succeeded
--   a step with value settings: VALUE (status SAVED) when the run succeeded (a failed run saves nothing), items 1-12
-- and per run: RUN (its status; for the workflows named in seed_per_run below, minutes saved per successful run), and
-- TRIAGE for a failed run (the triage minutes at the default rate). Currency EUR, days in UTC.

begin;

select setseed(0.5171);

create temp table seed_settings on commit drop as
select flowmeter_current_tenant()                                                                   as tenant_id,
       greatest(1, coalesce(nullif(current_setting('bench.runs', true), ''), '1000000')::int)       as runs,
       coalesce(nullif(current_setting('bench.days', true), ''), '90')::int                          as days,
       greatest(0, coalesce(nullif(current_setting('bench.unrolled', true), ''), '2000')::int)      as unrolled,
       now()                                                                                         as seeded_at,
       (now() at time zone 'UTC')::date                                                              as today;

insert into roi_settings (tenant_id, currency, time_zone)
select tenant_id, 'EUR', 'UTC' from seed_settings
on conflict (tenant_id) do update set currency = excluded.currency, time_zone = excluded.time_zone;

-- The assumptions, each with a fixed id per tenant: a default labour rate that went up 45 days ago, a named rate,
-- compute, triage minutes, working hours, a model's token prices and a fee per HTTP call; a few workflows' minutes
-- saved per successful run follow below.
create temp table seed_assumptions on commit drop as
select md5(s.tenant_id::text || ':assumption:' || a.name)::uuid as id, a.*, s.today - a.days_ago as effective_from
from seed_settings s
cross join (values
    ('rate',       'HOURLY_RATE',    '',                 null::numeric, 48.00::numeric, null::numeric, 'high',   'measured', 120, 'Loaded cost of a clerk, HR budget 2026'),
    ('rate-new',   'HOURLY_RATE',    '',                 null,          52.00,          null,          'high',   'measured', 45,  'Loaded cost after the pay round'),
    ('rate-ap',    'HOURLY_RATE',    'Accounts payable', null,          38.00,          null,          'medium', 'assumed',  120, 'Accounts payable team, estimated'),
    ('compute',    'COMPUTE_RATE',   '',                 null,          0.40,           null,          'medium', 'assumed',  120, 'Two vCPUs at list price'),
    ('triage',     'TRIAGE_MINUTES', '',                 12,            null,           null,          'low',    'assumed',  120, 'What a failed order takes to sort out'),
    ('fte',        'FTE_HOURS',      '',                 1720,          null,           null,          'high',   'measured', 120, 'Contract hours per year'),
    ('llm',        'LLM_PRICE',      'gpt-4o-mini',      null,          0.15,           0.60,          'high',   'measured', 120, 'Provider price list'),
    ('call',       'CALL_FEE',       'http.request',     null,          0.002,          null,          'medium', 'measured', 120, 'API gateway fee per request')
) a(name, kind, subject, minutes, money, money2, confidence, basis, days_ago, evidence);

-- Workflows that save minutes per successful run (the workflow's value, not a step's), by name.
create temp table seed_per_run on commit drop as
select * from (values ('Nightly report', 20.0::numeric, 'medium'), ('CRM contact sync', 8.0, 'low'), ('Welcome sequence', 4.0, 'medium'))
    v(name, minutes, confidence);

-- the tenant's published workflows, numbered, with their versions and the steps after the trigger as arrays
create temp table seed_workflows on commit drop as
select (row_number() over (order by w.name, w.id) - 1)::int as k,
       w.id                                                 as workflow_id,
       w.name,
       vs.ids                                               as versions,
       n.ids                                                as nodes,
       n.types                                              as types,
       n.minutes, n.per_item, n.outcome, n.rate_name, n.confidence, n.to_decide,
       cardinality(n.ids)                                   as steps,
       n.types @> array['core.approval']                    as waits,
       p.minutes                                            as run_minutes,
       case p.confidence when 'low' then 0 when 'medium' then 1 when 'high' then 2 end as run_confidence,
       md5(s.tenant_id::text || ':assumption:per-run:' || w.id)::uuid                  as run_assumption
from workflows w
cross join seed_settings s
cross join lateral (select array_agg(v.id order by v.number) as ids from workflow_versions v where v.workflow_id = w.id) vs
join workflow_versions latest on latest.workflow_id = w.id and latest.number = w.latest_version
cross join lateral (select array_agg(e.node ->> 'id' order by e.i)                                          as ids,
                           array_agg(e.node ->> 'type' order by e.i)                                        as types,
                           array_agg(coalesce((e.node -> 'value' ->> 'minutes')::numeric, 0) order by e.i)  as minutes,
                           array_agg(coalesce((e.node -> 'value' ->> 'minutesPerItem')::numeric, 0) order by e.i) as per_item,
                           array_agg(coalesce((e.node -> 'value' ->> 'outcome')::numeric, 0) order by e.i)  as outcome,
                           array_agg(e.node -> 'value' ->> 'rate' order by e.i)                             as rate_name,
                           array_agg(case coalesce(e.node -> 'value' ->> 'confidence', 'medium')
                                         when 'low' then 0 when 'medium' then 1 else 2 end order by e.i)    as confidence,
                           array_agg(coalesce((e.node -> 'value' ->> 'minutesToDecide')::numeric, 0) order by e.i) as to_decide
                    from jsonb_array_elements(latest.definition -> 'nodes') with ordinality e(node, i)
                    where not (e.node ->> 'type') like 'trigger.%') n
left join seed_per_run p on p.name = w.name
where w.tenant_id = s.tenant_id and w.latest_version is not null;

insert into roi_assumptions (id, tenant_id, kind, subject, minutes, money, money2, rate_name, effective_from, evidence, confidence,
                             basis, owner_name, recorded_at)
select a.id, s.tenant_id, a.kind, a.subject, a.minutes, a.money, a.money2, null, a.effective_from, a.evidence, a.confidence, a.basis,
       'Benchmark seed', s.seeded_at - interval '1 day' * a.days_ago
from seed_assumptions a cross join seed_settings s
union all
select w.run_assumption, s.tenant_id, 'WORKFLOW_VALUE', w.workflow_id::text, w.run_minutes, null, null, null, s.today - 120,
       'Timed by the team', (array['low', 'medium', 'high'])[w.run_confidence + 1], 'assumed', 'Benchmark seed', s.seeded_at - interval '120 days'
from seed_workflows w cross join seed_settings s
where w.run_minutes is not null;

-- the prices in one row: the default rate before and after its change, and the rest (confidence 0 low .. 2 high)
create temp table seed_prices on commit drop as
select max(a.money) filter (where a.name = 'rate')     as rate_old,
       max(a.money) filter (where a.name = 'rate-new') as rate_new,
       (max(a.effective_from) filter (where a.name = 'rate-new'))::timestamp at time zone 'UTC' as rate_change,
       (array_agg(a.id) filter (where a.name = 'rate'))[1]     as rate_old_id,
       (array_agg(a.id) filter (where a.name = 'rate-new'))[1] as rate_new_id,
       2                                                        as rate_confidence,
       max(a.money) filter (where a.name = 'rate-ap')  as rate_ap,
       (array_agg(a.id) filter (where a.name = 'rate-ap'))[1]  as rate_ap_id,
       1                                                        as rate_ap_confidence,
       max(a.money) filter (where a.name = 'compute')  as compute,
       (array_agg(a.id) filter (where a.name = 'compute'))[1]  as compute_id,
       max(a.minutes) filter (where a.name = 'triage') as triage_minutes,
       (array_agg(a.id) filter (where a.name = 'triage'))[1]   as triage_id,
       max(a.money) filter (where a.name = 'llm')      as llm_in,
       max(a.money2) filter (where a.name = 'llm')     as llm_out,
       (array_agg(a.id) filter (where a.name = 'llm'))[1]      as llm_id,
       max(a.money) filter (where a.name = 'call')     as call_fee,
       (array_agg(a.id) filter (where a.name = 'call'))[1]     as call_id
from seed_assumptions a;

-- one row per run, oldest first; finished_at is spread over the period (never in the future), the run took duration
create temp table seed_runs on commit drop as
select b.n, b.id, b.k, b.finished_at, b.finished_at - b.duration as created_at, b.duration, b.outcome,
       case when b.outcome in ('FAILED', 'CANCELLED') then 1 + floor(b.u3 * b.steps)::int end as fail_at,
       case when b.outcome = 'FAILED' then 1 + floor(b.u4 * 3)::int else 1 end                 as fail_attempts,
       case b.outcome when 'SUCCEEDED' then b.steps when 'FAILED' then 1 + floor(b.u3 * b.steps)::int
                      else floor(b.u3 * b.steps)::int end                                         as reached,
       least(b.versions, case when b.age_days > b.days * 2 / 3.0 + b.k % 5 then 1
                              when b.age_days > b.days / 3.0 + b.k % 7 then 2 else 3 end)          as v,
       1 + floor(b.u5 * 12)::int                                                                   as items
from (select g.n, md5(s.tenant_id::text || ':roi-run:' || g.n)::uuid as id, w.k, w.steps, cardinality(w.versions) as versions, s.days,
             c.finished_at, extract(epoch from s.seeded_at - c.finished_at) / 86400 as age_days,
             case when w.waits then interval '1 minute' * (5 + g.u2 * 600) else interval '1 millisecond' * (40 + g.u2 * g.u2 * 20000) end
                 as duration,
             case when g.u1 >= 0.94 then 'FAILED' when g.u1 >= 0.92 then 'CANCELLED' else 'SUCCEEDED' end as outcome,
             g.u3, g.u4, g.u5
      from seed_settings s
      cross join lateral (select n, floor(random() * (select count(*) from seed_workflows))::int as k,
                                 random() as u1, random() as u2, random() as u3, random() as u4, random() as u5
                          from generate_series(1, s.runs) n) g
      join seed_workflows w on w.k = g.k
      cross join lateral (select s.seeded_at - interval '1 day' * s.days * (s.runs - g.n + random()) / s.runs as finished_at) c) b;
create index on seed_runs (n);
analyze seed_runs;

-- Every fact of every run, run after run in the order they finished (the ids follow that order; a run's own facts are
-- its steps', then its RUN fact): the heap and the id order are about the engine's, which writes a fact as it settles.
-- A step's facts are written when it settles: the steps it reached share the run's time evenly (attempts a second
-- apart), the last one settles with the run.
insert into roi_facts (tenant_id, workflow_id, version_id, version_number, run_id, step_run_id, node_id, attempt, kind, status, at, hour,
                       local_day, quantity, tokens_in, tokens_out, subject, rate_name, minutes_saved, minutes_spent, outcome, value_saved,
                       cost, currency, confidence, assumptions, rolled)
select s.tenant_id, w.workflow_id, w.versions[r.v], r.v, r.id, f.step_run_id, f.node_id, f.attempt, f.kind, f.status, f.at,
       date_trunc('hour', f.at, 'UTC'), (f.at at time zone 'UTC')::date, round(f.quantity, 6), f.tokens_in, f.tokens_out, f.subject,
       f.rate_name, round(f.minutes_saved, 6), round(f.minutes_spent, 6), round(f.outcome, 6), round(f.value_saved, 6), round(f.cost, 6),
       'EUR', (array['low', 'medium', 'high'])[f.confidence + 1], f.assumptions, true
from seed_runs r
join seed_workflows w on w.k = r.k
cross join seed_settings s
cross join seed_prices p
cross join lateral (
    -- the steps it reached: every attempt of the step it failed at, one of each before
    select md5(r.id::text || ':' || st.i)::uuid as step_run_id, w.nodes[st.i] as node_id, st.a as attempt, x.kind,
           case when x.kind = 'VALUE' then 'SAVED' end as status, st.at,
           case x.kind when 'COMPUTE' then st.busy_ms when 'VALUE' then case when w.per_item[st.i] > 0 then r.items else 0 end
                       else 1 end as quantity,
           case when x.kind = 'LLM' then st.tokens_in else 0 end as tokens_in,
           case when x.kind = 'LLM' then st.tokens_out else 0 end as tokens_out,
           case x.kind when 'LLM' then 'gpt-4o-mini-2024-07-18' when 'CALL' then 'http.request' end as subject,
           case when x.kind = 'VALUE' then w.rate_name[st.i] end as rate_name,
           case when x.kind = 'VALUE' then w.minutes[st.i] + w.per_item[st.i] * r.items else 0 end as minutes_saved,
           case when x.kind = 'APPROVAL' then w.to_decide[st.i] else 0 end as minutes_spent,
           case when x.kind = 'VALUE' then w.outcome[st.i] else 0 end as outcome,
           case when x.kind = 'VALUE' then w.outcome[st.i] + (w.minutes[st.i] + w.per_item[st.i] * r.items)
                    * case when w.rate_name[st.i] = 'Accounts payable' then p.rate_ap else st.rate end / 60 else 0 end as value_saved,
           case x.kind when 'COMPUTE' then st.busy_ms * p.compute / 3600000
                       when 'CALL' then p.call_fee
                       when 'LLM' then (st.tokens_in * p.llm_in + st.tokens_out * p.llm_out) / 1000000
                       when 'APPROVAL' then w.to_decide[st.i] * st.rate / 60
                       else 0 end as cost,
           case when x.kind <> 'VALUE' then null
                when w.minutes[st.i] + w.per_item[st.i] = 0 then w.confidence[st.i]
                else least(w.confidence[st.i], case when w.rate_name[st.i] = 'Accounts payable' then p.rate_ap_confidence
                                                    else p.rate_confidence end) end as confidence,
           case x.kind when 'COMPUTE' then array[p.compute_id] when 'CALL' then array[p.call_id] when 'LLM' then array[p.llm_id]
                       when 'APPROVAL' then array[st.rate_id]
                       when 'VALUE' then case when w.minutes[st.i] + w.per_item[st.i] = 0 then '{}'::uuid[]
                                              when w.rate_name[st.i] = 'Accounts payable' then array[p.rate_ap_id] else array[st.rate_id] end
                       end as assumptions
    from (select i, a, t.at, a = 1 and not (r.outcome = 'FAILED' and i = r.fail_at) as succeeded,
                 case when t.at >= p.rate_change then p.rate_new else p.rate_old end as rate,
                 case when t.at >= p.rate_change then p.rate_new_id else p.rate_old_id end as rate_id,
                 (case w.types[i] when 'http.request' then 60 + floor(random() * random() * 1500)
                                  when 'llm.chat' then 700 + floor(random() * 5000)
                                  else 1 + floor(random() * 5) end)::numeric as busy_ms,
                 200 + floor(random() * 2500)::bigint as tokens_in, 40 + floor(random() * 700)::bigint as tokens_out
          from generate_series(1, r.reached) i
          cross join lateral generate_series(1, case when r.outcome = 'FAILED' and i = r.fail_at then r.fail_attempts else 1 end) a
          cross join lateral (select r.created_at + r.duration * i / r.reached
                                     - case when r.outcome = 'FAILED' and i = r.fail_at then interval '1 second' * (r.fail_attempts - a)
                                            else interval '0' end as at) t) st
    cross join lateral (values ('COMPUTE'), ('CALL'), ('LLM'), ('APPROVAL'), ('VALUE')) x(kind)
    where case x.kind
              when 'COMPUTE' then w.types[st.i] in ('http.request', 'llm.chat', 'core.transform')
              when 'CALL' then w.types[st.i] = 'http.request'
              when 'LLM' then w.types[st.i] = 'llm.chat' and st.succeeded
              when 'APPROVAL' then w.types[st.i] = 'core.approval' and st.succeeded and w.to_decide[st.i] > 0
              else r.outcome = 'SUCCEEDED' and (w.minutes[st.i] > 0 or w.per_item[st.i] > 0 or w.outcome[st.i] > 0) end
    union all
    -- the run: its counts and, for a successful run of a workflow with a value per run, the minutes it saved
    select null, null, 0, 'RUN', r.outcome, r.finished_at, 0, 0, 0, null, null,
           case when r.outcome = 'SUCCEEDED' then coalesce(w.run_minutes, 0) else 0 end, 0, 0,
           case when r.outcome = 'SUCCEEDED' then coalesce(w.run_minutes, 0) * q.rate / 60 else 0 end, 0,
           case when r.outcome = 'SUCCEEDED' and w.run_minutes is not null then least(w.run_confidence, p.rate_confidence) end,
           case when r.outcome = 'SUCCEEDED' and w.run_minutes is not null then array[w.run_assumption, q.rate_id] else '{}'::uuid[] end
    from (select case when r.finished_at >= p.rate_change then p.rate_new else p.rate_old end as rate,
                 case when r.finished_at >= p.rate_change then p.rate_new_id else p.rate_old_id end as rate_id) q
    union all
    -- a failed run: someone's minutes to sort it out
    select null, null, 0, 'TRIAGE', null, r.finished_at, 0, 0, 0, null, null, 0, p.triage_minutes, 0, 0,
           p.triage_minutes * case when r.finished_at >= p.rate_change then p.rate_new else p.rate_old end / 60, null,
           array[p.triage_id, case when r.finished_at >= p.rate_change then p.rate_new_id else p.rate_old_id end]
    where r.outcome = 'FAILED'
) f
order by r.n;

-- The rollup caught up but for the newest facts, as a live system's is between two rollups: those stay not rolled up.
-- They are written again in id order at the end of the table (an update would scatter them over its last pages), with
-- their ids, as the engine's newest inserts are.
with newest as (
    delete from roi_facts
    where id in (select id from roi_facts where tenant_id = (select tenant_id from seed_settings)
                 order by id desc limit (select unrolled from seed_settings))
    returning *
)
insert into roi_facts (id, tenant_id, workflow_id, version_id, version_number, run_id, step_run_id, node_id, attempt, kind, status, at, hour,
                       local_day, quantity, tokens_in, tokens_out, subject, rate_name, minutes_saved, minutes_spent, outcome, value_saved,
                       cost, currency, confidence, assumptions, restated_at, rolled)
select id, tenant_id, workflow_id, version_id, version_number, run_id, step_run_id, node_id, attempt, kind, status, at, hour, local_day,
       quantity, tokens_in, tokens_out, subject, rate_name, minutes_saved, minutes_spent, outcome, value_saved, cost, currency, confidence,
       assumptions, restated_at, false
from newest order by id;

-- roi_hourly from the facts rolled up, summed as FactStore.rollUp sums them (its triggers sum them per day into roi_daily)
insert into roi_hourly (tenant_id, workflow_id, version_id, version_number, hour, local_day, currency, runs, succeeded, failed,
                        minutes_saved, minutes_spent, value_saved, cost, cost_llm, cost_calls, cost_compute, cost_people, cost_failed,
                        value_low, value_medium, value_high)
select tenant_id, workflow_id, version_id, max(version_number), hour, local_day, currency,
       count(*) filter (where kind = 'RUN'), count(*) filter (where kind = 'RUN' and status = 'SUCCEEDED'),
       count(*) filter (where kind = 'RUN' and status = 'FAILED'),
       sum(minutes_saved), sum(minutes_spent), sum(value_saved), sum(cost),
       coalesce(sum(cost) filter (where kind = 'LLM'), 0), coalesce(sum(cost) filter (where kind = 'CALL'), 0),
       coalesce(sum(cost) filter (where kind = 'COMPUTE'), 0),
       coalesce(sum(cost) filter (where kind in ('APPROVAL', 'TRIAGE')), 0),
       coalesce(sum(cost) filter (where kind = 'TRIAGE'), 0),
       coalesce(sum(value_saved) filter (where confidence = 'low'), 0),
       coalesce(sum(value_saved) filter (where confidence = 'medium'), 0),
       coalesce(sum(value_saved) filter (where confidence = 'high'), 0)
from roi_facts
where tenant_id = (select tenant_id from seed_settings) and rolled and (kind <> 'VALUE' or status <> 'PENDING')
group by tenant_id, workflow_id, version_id, hour, local_day, currency;

commit;

analyze roi_facts;
analyze roi_hourly;
analyze roi_daily;
analyze roi_assumptions;
