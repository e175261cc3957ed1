package io.flowmeter.analytics.service;

import io.flowmeter.tenancy.TenantArchive;
import io.flowmeter.tenancy.TenantExportSection;
import org.springframework.stereotype.Component;

/**
 * The ROI books: {@code roi-settings.json} (currency, time zone), {@code roi-assumptions.csv} (every rate and
 * assumption ever recorded, with its evidence), {@code roi-facts.csv} (what each run saved and cost, as priced) and
 * {@code roi-restatements.csv}.
 */
@Component
class RoiExport implements TenantExportSection {

    @Override
    public int order() {
        return 60;
    }

    @Override
    public String title() {
        return "ROI settings, assumptions and facts";
    }

    @Override
    public void write(TenantArchive archive) {
        archive.jsonObject("roi-settings.json", """
                select jsonb_build_object('currency', currency, 'timeZone', time_zone, 'updatedAt', updated_at)::text
                from roi_settings where tenant_id = ?""", archive.tenantId());
        archive.csv("roi-assumptions.csv", """
                select id, kind, subject, minutes, money, money2, quantity, rate_name, effective_from, evidence, evidence_url,
                       confidence, basis, owner_name, recorded_at
                from roi_assumptions where tenant_id = ? order by recorded_at, id""", archive.tenantId());
        archive.csv("roi-facts.csv", """
                select id, workflow_id, version_number, run_id, step_run_id, node_id, attempt, kind, status, at, local_day,
                       quantity, tokens_in, tokens_out, subject, rate_name, minutes_saved, minutes_spent, outcome, value_saved,
                       cost, currency, confidence, assumptions, restated_at
                from roi_facts where tenant_id = ? order by id""", archive.tenantId());
        archive.csv("roi-restatements.csv", """
                select id, from_day, reason, by_name, at, facts, currency, value_before, value_after, cost_before, cost_after,
                       minutes_before, minutes_after
                from roi_restatements where tenant_id = ? order by at, id""", archive.tenantId());
    }
}
