package io.flowmeter.analytics.service;

import io.flowmeter.analytics.domain.Cadence;
import io.flowmeter.identity.People;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.tenancy.TenantContext;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Who gets the ROI statement by email, and how often (ADMIN sets it, everyone who reads reports sees it). */
@Service
public class StatementService {

    private static final String ADMIN = "hasAnyRole('ADMIN', 'API')";
    private static final String READ = "hasAnyRole('VIEWER', 'API')";
    public static final int MAX_RECIPIENTS = 50;

    private final StatementScheduleStore schedules;
    private final StatementMailer mailer;
    private final RoiBooks books;
    private final People people;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    StatementService(StatementScheduleStore schedules, StatementMailer mailer, RoiBooks books, People people, TransactionTemplate tx) {
        this.schedules = schedules;
        this.mailer = mailer;
        this.books = books;
        this.people = people;
        this.tx = tx;
    }

    @PreAuthorize(READ)
    public Optional<StatementSchedule> schedule() {
        UUID tenant = TenantContext.requireTenant();
        return tx.execute(status -> schedules.find(tenant));
    }

    /** Members who may be chosen (the organization's, by name). */
    @PreAuthorize(READ)
    public List<People.Member> members() {
        return people.members();
    }

    /**
     * Emails the statement {@code cadence} (null: stops emailing it) to {@code recipients}, members of the organization.
     * The first one goes when the period now under way ends.
     */
    @PreAuthorize(ADMIN)
    public Optional<StatementSchedule> save(@Nullable Cadence cadence, List<UUID> recipients) {
        UUID tenant = TenantContext.requireTenant();
        if (cadence == null) {
            tx.executeWithoutResult(status -> schedules.delete(tenant));
            return Optional.empty();
        }
        List<UUID> chosen = List.copyOf(new LinkedHashSet<>(recipients));
        if (chosen.isEmpty()) {
            throw new InvalidInputException("recipients", "Choose at least one member to send the statement to");
        }
        if (chosen.size() > MAX_RECIPIENTS) {
            throw new InvalidInputException("recipients", "At most " + MAX_RECIPIENTS + " recipients");
        }
        Set<UUID> members = people.members().stream().map(People.Member::userId).collect(Collectors.toSet());
        List<UUID> strangers = chosen.stream().filter(id -> !members.contains(id)).toList();
        if (!strangers.isEmpty()) {
            throw new InvalidInputException("recipients", "Not a member of this organization: " + strangers.get(0));
        }
        LocalDate end = cadence.lastWholePeriod(today(tenant)).to();
        UUID by = CurrentUser.get().map(FlowmeterPrincipal::userId).orElse(null);
        tx.executeWithoutResult(status -> schedules.save(tenant, cadence, chosen, end, by));
        return schedule();
    }

    /** Sends the last whole period's statement now to the schedule's recipients; says what happened. */
    @PreAuthorize(ADMIN)
    public String sendNow() {
        UUID tenant = TenantContext.requireTenant();
        StatementSchedule schedule = tx.execute(status -> schedules.find(tenant))
                .orElseThrow(() -> new InvalidInputException("cadence", "Choose how often and to whom the statement goes first"));
        String result = mailer.send(schedule.recipients(), schedule.cadence().lastWholePeriod(today(tenant)));
        tx.executeWithoutResult(status -> schedules.result(tenant, clock.instant(), result));
        return result;
    }

    private LocalDate today(UUID tenant) {
        return LocalDate.now(clock.withZone(books.of(tenant).zone()));
    }
}
