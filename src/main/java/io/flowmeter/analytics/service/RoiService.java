package io.flowmeter.analytics.service;

import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.analytics.domain.Assumption;
import io.flowmeter.analytics.domain.AssumptionKind;
import io.flowmeter.analytics.domain.Confidence;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.workflow.service.WorkflowService;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;

/**
 * ROI's use cases for the current organization: its settings and assumptions (every change a new version with its
 * evidence), a workflow's value per run, the reports' figures, and restatements.
 */
@Service
public class RoiService {

    /** What a change of an assumption says about itself. */
    public record Evidence(@Nullable String evidence, @Nullable String evidenceUrl, @Nullable String confidence, @Nullable String basis,
                           @Nullable LocalDate effectiveFrom) {
        public static final Evidence NONE = new Evidence(null, null, null, null, null);
    }

    /** A new figure for one assumption: which (kind, subject) and its numbers. */
    public record Change(AssumptionKind kind, String subject, @Nullable BigDecimal minutes, @Nullable BigDecimal money,
                         @Nullable BigDecimal money2, @Nullable BigDecimal quantity, @Nullable String rateName) {

        public Change(AssumptionKind kind, String subject, @Nullable BigDecimal minutes, @Nullable BigDecimal money, @Nullable BigDecimal money2,
                      @Nullable String rateName) {
            this(kind, subject, minutes, money, money2, null, rateName);
        }
    }

    /** A period's figures with the period before it of the same length. */
    public record Summary(String currency, LocalDate from, LocalDate to, RoiReports.Sums sums, RoiReports.Sums previous,
                          @Nullable BigDecimal fteEquivalent) {
    }

    /** Who may change settings and restate (API keys act for their organization, as elsewhere). */
    private static final String ADMIN = "hasAnyRole('ADMIN', 'API')";
    private static final String BUILDER = "hasAnyRole('BUILDER', 'API')";
    private static final String READ = "hasAnyRole('VIEWER', 'API')";

    /** Longest period one report may cover. */
    public static final int MAX_DAYS = 3_700;

    private final AssumptionStore assumptions;
    private final RoiBooks books;
    private final RoiReports reports;
    private final FactStore facts;
    private final WorkflowService workflows;
    private final RestatementStore restatements;
    private final Clock clock;
    private final Audit audit;

    RoiService(AssumptionStore assumptions, RoiBooks books, RoiReports reports, FactStore facts, WorkflowService workflows,
               RestatementStore restatements, Audit audit) {
        this.audit = audit;
        this.assumptions = assumptions;
        this.books = books;
        this.reports = reports;
        this.facts = facts;
        this.workflows = workflows;
        this.restatements = restatements;
        this.clock = Clock.systemUTC();
    }

    /** The organization's book: currency, time zone and every assumption's versions. */
    @PreAuthorize(READ)
    @Transactional(readOnly = true)
    public RoiBook book() {
        return books.fresh(TenantContext.requireTenant());
    }

    /** Today in the organization's time zone. */
    @PreAuthorize(READ)
    @Transactional(readOnly = true)
    public LocalDate today() {
        return LocalDate.now(clock.withZone(books.of(TenantContext.requireTenant()).zone()));
    }

    @PreAuthorize(ADMIN)
    @Transactional
    public void saveSettings(String currency, String timeZone) {
        String code = currency.strip().toUpperCase(Locale.ROOT);
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("currency", "Not an ISO 4217 currency code: '" + currency + "' (e.g. EUR, USD, GBP)");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone.strip());
        } catch (DateTimeException e) {
            throw new InvalidInputException("timeZone", "Not a time zone: '" + timeZone + "' (e.g. Europe/Berlin, America/New_York, UTC)");
        }
        UUID tenant = TenantContext.requireTenant();
        RoiBook before = books.fresh(tenant);
        assumptions.saveSettings(tenant, code, zone, CurrentUser.get().map(FlowmeterPrincipal::userId).orElse(null));
        audit.record(AuditAction.TENANT_SETTINGS_CHANGED, tenant, "ROI currency and time zone",
                Map.of("currency", before.currency(), "timeZone", before.zone().getId()), Map.of("currency", code, "timeZone", zone.getId()));
        books.forget(tenant);
    }

    /**
     * Records new versions of assumptions (ADMIN: rates, prices, fees, triage minutes, working hours). Unchanged
     * figures are not recorded again. Returns the versions recorded.
     */
    @PreAuthorize(ADMIN)
    @Transactional
    public List<Assumption> change(List<Change> changes, Evidence evidence) {
        List<Change> checked = new java.util.ArrayList<>();
        for (Change change : changes) {
            if (change.kind() == AssumptionKind.WORKFLOW_VALUE || change.kind() == AssumptionKind.BUILD_EFFORT
                    || change.kind() == AssumptionKind.FORECAST) {
                throw new InvalidInputException("kind", "A workflow's value is set on the workflow");
            }
            checked.add(change.kind() == AssumptionKind.MEMBER_RATE ? memberRate(change) : change);
        }
        return record(checked, evidence);
    }

    /** A member's rate names them by email (lower case, as approvals record who decided) and a named rate. */
    private static Change memberRate(Change change) {
        String email = change.subject() == null ? "" : change.subject().strip().toLowerCase(Locale.ROOT);
        if (!email.matches("[^@\\s]+@[^@\\s]+")) {
            throw new InvalidInputException("memberRates.email", "Name the member by their email address");
        }
        if (change.rateName() == null || change.rateName().isBlank()) {
            throw new InvalidInputException("memberRates.rate", "Name the labour rate their approvals are priced at");
        }
        return new Change(AssumptionKind.MEMBER_RATE, email, null, null, null, change.rateName().strip());
    }

    /** Records a new version of a workflow's value per successful run (BUILDER). */
    @PreAuthorize(BUILDER)
    @Transactional
    public Assumption setWorkflowValue(UUID workflowId, @Nullable BigDecimal minutesPerRun, @Nullable BigDecimal outcomePerRun,
                                       @Nullable String rateName, Evidence evidence) {
        workflows.get(workflowId); // not found (or another organization's): 404
        if (minutesPerRun == null && outcomePerRun == null) {
            throw new InvalidInputException("minutesPerRun", "Give minutes saved per run, an outcome value per run, or both (0 to stop counting)");
        }
        return record(List.of(new Change(AssumptionKind.WORKFLOW_VALUE, workflowId.toString(), minutesPerRun, outcomePerRun, null, rateName)),
                evidence).get(0);
    }

    /** Records how long the workflow took to build (hours at a labour rate), for its payback date (BUILDER). */
    @PreAuthorize(BUILDER)
    @Transactional
    public Assumption setBuildEffort(UUID workflowId, BigDecimal hours, @Nullable String rateName, Evidence evidence) {
        workflows.get(workflowId);
        return record(List.of(new Change(AssumptionKind.BUILD_EFFORT, workflowId.toString(), null, null, null, hours, rateName)), evidence).get(0);
    }

    /** Records how many runs a month the workflow is expected to make, to compare with the actual (BUILDER). */
    @PreAuthorize(BUILDER)
    @Transactional
    public Assumption setForecast(UUID workflowId, BigDecimal runsPerMonth, Evidence evidence) {
        workflows.get(workflowId);
        return record(List.of(new Change(AssumptionKind.FORECAST, workflowId.toString(), null, null, null, runsPerMonth, null)), evidence).get(0);
    }

    /**
     * One workflow's ROI page: its figures, per version (before and after each publish), its payback against the build
     * effort (the day the net value since the effort's day reached its cost, or when it will at the last 30 days'
     * pace), and the forecast runs per month against the actual.
     */
    public record WorkflowPage(Summary summary, List<RoiReports.Group> versions, @Nullable Assumption buildEffort, @Nullable BigDecimal buildCost,
                               @Nullable BigDecimal netSinceBuilt, @Nullable LocalDate paidBackOn, @Nullable LocalDate paybackExpected,
                               @Nullable Assumption forecast, BigDecimal runsPerMonth) {
    }

    @PreAuthorize(READ)
    @Transactional(readOnly = true)
    public WorkflowPage workflowPage(UUID workflowId, LocalDate from, LocalDate to) {
        Summary summary = summary(from, to, workflowId);
        UUID tenant = TenantContext.requireTenant();
        RoiBook book = books.of(tenant);
        List<RoiReports.Group> versions = reports.byVersion(tenant, book.currency(), from, to, workflowId);
        LocalDate today = LocalDate.now(clock.withZone(book.zone()));
        Assumption effort = book.inForce(AssumptionKind.BUILD_EFFORT, workflowId.toString(), today).orElse(null);
        Assumption forecast = book.inForce(AssumptionKind.FORECAST, workflowId.toString(), today).orElse(null);
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        BigDecimal perMonth = BigDecimal.valueOf(summary.sums().runs()).multiply(BigDecimal.valueOf(30))
                .divide(BigDecimal.valueOf(days), 1, java.math.RoundingMode.HALF_EVEN);
        BigDecimal cost = null;
        BigDecimal net = null;
        LocalDate paid = null;
        LocalDate expected = null;
        if (effort != null && effort.quantity() != null) {
            cost = effort.quantity().multiply(book.rate(effort.rateName(), effort.effectiveFrom()).map(Assumption::money).orElse(BigDecimal.ZERO));
            LocalDate since = effort.effectiveFrom().isBefore(today.minusDays(MAX_DAYS - 1)) ? today.minusDays(MAX_DAYS - 1) : effort.effectiveFrom();
            BigDecimal running = BigDecimal.ZERO;
            for (RoiReports.Group day : reports.series(tenant, book.currency(), since, today, RoiReports.Interval.DAY, workflowId)) {
                running = running.add(day.sums().net());
                if (paid == null && running.compareTo(cost) >= 0 && cost.signum() > 0) {
                    paid = LocalDate.parse(day.key());
                }
            }
            net = running;
            if (paid == null && cost.signum() > 0) {
                BigDecimal recent = reports.sums(tenant, book.currency(), today.minusDays(29), today, workflowId).net();
                if (recent.signum() > 0) {
                    BigDecimal perDay = recent.divide(BigDecimal.valueOf(30), 6, java.math.RoundingMode.HALF_EVEN);
                    long more = cost.subtract(running).divide(perDay, 0, java.math.RoundingMode.CEILING).longValue();
                    expected = more > 36_500 ? null : today.plusDays(more);
                }
            }
        }
        return new WorkflowPage(summary, versions, effort, cost, net, paid, expected, forecast, perMonth);
    }

    @PreAuthorize(READ)
    @Transactional(readOnly = true)
    public List<Assumption> workflowValue(UUID workflowId) {
        workflows.get(workflowId);
        return assumptions.history(TenantContext.requireTenant(), AssumptionKind.WORKFLOW_VALUE, workflowId.toString());
    }

    private List<Assumption> record(List<Change> changes, Evidence evidence) {
        UUID tenant = TenantContext.requireTenant();
        RoiBook book = books.fresh(tenant);
        LocalDate from = evidence.effectiveFrom() == null ? LocalDate.now(clock.withZone(book.zone())) : evidence.effectiveFrom();
        Confidence confidence = evidence.confidence() == null || evidence.confidence().isBlank() ? Confidence.MEDIUM : confidence(evidence.confidence());
        String basis = basis(evidence.basis());
        String note = text("evidence", evidence.evidence(), 2000);
        String link = link(evidence.evidenceUrl());
        FlowmeterPrincipal owner = CurrentUser.get().orElse(null);
        Instant now = clock.instant();
        List<Assumption> recorded = new java.util.ArrayList<>();
        for (Change change : changes) {
            String subject = text("subject", change.subject(), 200);
            check(change.kind(), change.minutes(), change.money(), change.money2());
            check(change.kind(), change.quantity(), null, null);
            var current = book.inForce(change.kind(), subject == null ? "" : subject, from);
            if (current.isPresent() && current.get().effectiveFrom().equals(from) && same(current.get(), change)
                    && java.util.Objects.equals(current.get().evidence(), note)) {
                continue;
            }
            var assumption = new Assumption(UUID.randomUUID(), change.kind(), subject == null ? "" : subject, change.minutes(), change.money(),
                    change.money2(), change.quantity(), text("rateName", change.rateName(), 60), from, note, link, confidence, basis,
                    owner == null ? null : owner.userId(), owner == null ? "API" : owner.displayName(), now);
            assumptions.insert(tenant, assumption);
            audit.record(AuditAction.ROI_ASSUMPTION_CHANGED, assumption.id(), change.kind().name() + (assumption.subject().isEmpty() ? ""
                    : " " + assumption.subject()), current.map(RoiService::described).orElse(null), described(assumption));
            recorded.add(assumption);
        }
        books.forget(tenant);
        return recorded;
    }

    /** An assumption's figures as the audit log keeps them. */
    private static Map<String, Object> described(Assumption a) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("kind", a.kind().name());
        figures.put("subject", a.subject());
        put(figures, "minutes", a.minutes());
        put(figures, "money", a.money());
        put(figures, "money2", a.money2());
        put(figures, "quantity", a.quantity());
        put(figures, "rateName", a.rateName());
        figures.put("effectiveFrom", a.effectiveFrom().toString());
        figures.put("confidence", a.confidence().wire());
        figures.put("basis", a.basis());
        put(figures, "evidence", a.evidence());
        return figures;
    }

    private static void put(Map<String, Object> figures, String key, @Nullable Object value) {
        if (value != null) {
            figures.put(key, value instanceof BigDecimal number ? number.toPlainString() : value);
        }
    }

    private static boolean same(Assumption a, Change c) {
        return eq(a.minutes(), c.minutes()) && eq(a.money(), c.money()) && eq(a.money2(), c.money2()) && eq(a.quantity(), c.quantity())
                && java.util.Objects.equals(a.rateName(), c.rateName());
    }

    private static boolean eq(@Nullable BigDecimal a, @Nullable BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static void check(AssumptionKind kind, @Nullable BigDecimal minutes, @Nullable BigDecimal money, @Nullable BigDecimal money2) {
        for (var n : new Object[][]{{"minutes", minutes}, {"money", money}, {"money2", money2}}) {
            BigDecimal value = (BigDecimal) n[1];
            if (value != null && (value.signum() < 0 || value.compareTo(new BigDecimal("1000000000")) > 0 || value.scale() > 6)) {
                throw new InvalidInputException(kind.name().toLowerCase(Locale.ROOT), "Amounts are between 0 and 1,000,000,000 with at most 6 decimals");
            }
        }
    }

    static Confidence confidence(String text) {
        try {
            return Confidence.of(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("confidence", e.getMessage());
        }
    }

    private static String basis(@Nullable String basis) {
        if (basis == null || basis.isBlank()) {
            return "assumed";
        }
        String lower = basis.strip().toLowerCase(Locale.ROOT);
        if (!lower.equals("measured") && !lower.equals("assumed")) {
            throw new InvalidInputException("basis", "Basis is measured or assumed");
        }
        return lower;
    }

    private static @Nullable String text(String field, @Nullable String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > max || text.indexOf('\0') >= 0) {
            throw new InvalidInputException(field, "At most " + max + " characters, no NUL characters");
        }
        return text.strip();
    }

    private static @Nullable String link(@Nullable String url) {
        String text = text("evidenceUrl", url, 2000);
        if (text == null) {
            return null;
        }
        try {
            URI uri = URI.create(text);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
                return text;
            }
        } catch (IllegalArgumentException ignored) {
            // refused below
        }
        throw new InvalidInputException("evidenceUrl", "The evidence link must be an http or https address");
    }

    /** The figures of the organization's days from..to (inclusive), with the period before of the same length. */
    @PreAuthorize(READ)
    @Transactional(readOnly = true)
    public Summary summary(LocalDate from, LocalDate to, @Nullable UUID workflowId) {
        checkPeriod(from, to);
        UUID tenant = TenantContext.requireTenant();
        if (workflowId != null) {
            workflows.get(workflowId);
        }
        RoiBook book = books.of(tenant);
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        RoiReports.Sums sums = reports.sums(tenant, book.currency(), from, to, workflowId);
        RoiReports.Sums previous = reports.sums(tenant, book.currency(), from.minusDays(days), from.minusDays(1), workflowId);
        return summary(book, from, to, sums, previous);
    }

    private static Summary summary(RoiBook book, LocalDate from, LocalDate to, RoiReports.Sums sums, RoiReports.Sums previous) {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        BigDecimal fteHours = book.inForce(AssumptionKind.FTE_HOURS, "", to).map(Assumption::minutes).orElse(BigDecimal.valueOf(1720));
        BigDecimal fte = fteHours.signum() == 0 ? null : sums.hoursSaved()
                .divide(fteHours.multiply(BigDecimal.valueOf(days)).divide(BigDecimal.valueOf(365), 6, java.math.RoundingMode.HALF_EVEN), 2,
                        java.math.RoundingMode.HALF_EVEN);
        return new Summary(book.currency(), from, to, sums, previous, fte);
    }

    /** What the ROI dashboard shows of a period: the summary, the trend and the workflows by net value. */
    public record Dashboard(Summary summary, List<RoiReports.Group> series, List<RoiReports.Group> byWorkflow) {
    }

    /**
     * The dashboard's figures in three queries, from one snapshot: the workflows of the period (whose sums add up to
     * the period's), its series, and the period before.
     */
    @PreAuthorize(READ)
    @Transactional(readOnly = true)
    public Dashboard dashboard(LocalDate from, LocalDate to, RoiReports.Interval interval) {
        checkPeriod(from, to);
        UUID tenant = TenantContext.requireTenant();
        RoiBook book = books.of(tenant);
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        List<RoiReports.Group> byWorkflow = reports.byWorkflow(tenant, book.currency(), from, to);
        List<RoiReports.Group> series = reports.series(tenant, book.currency(), from, to, interval, null);
        RoiReports.Sums previous = reports.sums(tenant, book.currency(), from.minusDays(days), from.minusDays(1), null);
        return new Dashboard(summary(book, from, to, RoiReports.Sums.total(byWorkflow), previous), series, byWorkflow);
    }

    @PreAuthorize(READ)
    @Transactional(readOnly = true)
    public List<RoiReports.Group> series(LocalDate from, LocalDate to, RoiReports.Interval interval, @Nullable UUID workflowId) {
        checkPeriod(from, to);
        UUID tenant = TenantContext.requireTenant();
        if (workflowId != null) {
            workflows.get(workflowId);
        }
        return reports.series(tenant, books.of(tenant).currency(), from, to, interval, workflowId);
    }

    @PreAuthorize(READ)
    @Transactional(readOnly = true)
    public List<RoiReports.Group> byWorkflow(LocalDate from, LocalDate to) {
        checkPeriod(from, to);
        UUID tenant = TenantContext.requireTenant();
        return reports.byWorkflow(tenant, books.of(tenant).currency(), from, to);
    }

    @PreAuthorize(READ)
    @Transactional(readOnly = true)
    public List<RoiReports.Group> byVersion(LocalDate from, LocalDate to, UUID workflowId) {
        checkPeriod(from, to);
        workflows.get(workflowId);
        UUID tenant = TenantContext.requireTenant();
        return reports.byVersion(tenant, books.of(tenant).currency(), from, to, workflowId);
    }

    private static void checkPeriod(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new InvalidInputException("to", "The period ends before it starts");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new InvalidInputException("to", "A report covers at most " + MAX_DAYS + " days");
        }
    }

    /** A restatement as recorded. */
    public record Restatement(UUID id, LocalDate from, String reason, @Nullable String by, Instant at, int facts, String currency,
                              BigDecimal valueBefore, BigDecimal valueAfter, BigDecimal costBefore, BigDecimal costAfter,
                              BigDecimal minutesBefore, BigDecimal minutesAfter) {
    }

    /**
     * Prices every fact of the organization's days from {@code from} on again, with the assumptions in force now for
     * each fact's day, and records who did it, why, and the totals before and after. The rollup is corrected in the
     * same transaction: reports never show a half-restated figure.
     */
    @PreAuthorize(ADMIN)
    @Transactional
    public Restatement restate(LocalDate from, String reason) {
        String why = text("reason", reason, 2000);
        if (why == null) {
            throw new InvalidInputException("reason", "Say why the figures are restated");
        }
        UUID tenant = TenantContext.requireTenant();
        RoiBook book = books.fresh(tenant);
        List<Fact> before = facts.from(tenant, from);
        List<Fact> after = before.stream().map(f -> RoiMaths.price(f, book)).toList();
        facts.unroll(tenant, from);
        facts.reprice(after);
        FlowmeterPrincipal by = CurrentUser.get().orElse(null);
        var restatement = new Restatement(UUID.randomUUID(), from, why, by == null ? "API" : by.displayName(), clock.instant(), before.size(),
                book.currency(), FactStore.sum(before, Fact::valueSaved), FactStore.sum(after, Fact::valueSaved), FactStore.sum(before, Fact::cost),
                FactStore.sum(after, Fact::cost), FactStore.sum(before, Fact::minutesSaved), FactStore.sum(after, Fact::minutesSaved));
        restatements.insert(tenant, restatement, by == null ? null : by.userId());
        audit.record(AuditAction.ROI_RESTATED, restatement.id(), "ROI from " + from, Map.of("value", restatement.valueBefore().toPlainString(),
                "cost", restatement.costBefore().toPlainString()), Map.of("from", from.toString(), "reason", why, "facts", before.size(),
                "value", restatement.valueAfter().toPlainString(), "cost", restatement.costAfter().toPlainString()));
        return restatement;
    }

    @PreAuthorize(READ)
    @Transactional(readOnly = true)
    public List<Restatement> restatements() {
        return restatements.list(TenantContext.requireTenant());
    }
}
