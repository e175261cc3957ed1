package io.flowmeter.identity.service;

import io.flowmeter.identity.domain.PasswordReset;
import io.flowmeter.identity.domain.PasswordResetRepository;
import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.domain.UserRepository;
import io.flowmeter.identity.security.LoginThrottle;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.Tokens;
import io.flowmeter.tenancy.TenantContext;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * "Forgot password": a single-use link by email that lets someone choose a new password. Asking answers the same,
 * and as fast, whether or not the address has an account: the lookup, the link and the mail happen afterwards, on a
 * thread of their own, so neither the answer nor its timing tells who has an account. Only the link's SHA-256 is
 * stored. Accounts without a password (single sign-on only) get no link: their provider owns their password.
 */
@Service
public class PasswordResetService {

    /** What asking for a link led to; every answer but a throttled one reads the same, account or not. */
    public enum Request { ACCEPTED, TOO_MANY_FOR_ADDRESS, TOO_MANY_FROM_SOURCE }

    /** What a reset link leads to, for the page that opens it. */
    public enum LinkState { VALID, USED, EXPIRED, UNKNOWN }

    static final String TOKEN_PREFIX = "pwr_";
    private static final Logger log = LoggerFactory.getLogger(PasswordResetService.class);

    private final UserRepository users;
    private final PasswordResetRepository resets;
    private final PasswordChanger passwords;
    private final PasswordResetThrottle throttle;
    private final PasswordResetMailer mailer;
    private final PasswordResetProperties settings;
    private final TransactionTemplate tx;
    /** One thread, in order; bounded, and the throttle keeps far below the bound. */
    private final ExecutorService mailing = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1_000), r -> {
        Thread thread = new Thread(r, "flowmeter-password-reset-mail");
        thread.setDaemon(true);
        return thread;
    });

    PasswordResetService(UserRepository users, PasswordResetRepository resets, PasswordChanger passwords,
                         PasswordResetThrottle throttle, PasswordResetMailer mailer, PasswordResetProperties settings,
                         TransactionTemplate tx) {
        this.users = users;
        this.resets = resets;
        this.passwords = passwords;
        this.throttle = throttle;
        this.mailer = mailer;
        this.settings = settings;
        this.tx = tx;
    }

    /** False when no SMTP server is configured: no link could reach anyone. */
    public boolean isAvailable() {
        return mailer.isEnabled();
    }

    public PasswordResetProperties settings() {
        return settings;
    }

    /**
     * Asks for a link to {@code email}. {@code sourceAddress} is the client's IP address as the container sees it.
     * A malformed address is refused at once (that says nothing about accounts).
     */
    public Request request(String email, @Nullable String sourceAddress) {
        String address = EmailAddress.require("email", email);
        switch (throttle.tryAcquire(address, LoginThrottle.source(sourceAddress))) {
            case TOO_MANY_FROM_SOURCE -> {
                return Request.TOO_MANY_FROM_SOURCE;
            }
            case TOO_MANY_FOR_ADDRESS -> {
                return Request.TOO_MANY_FOR_ADDRESS;
            }
            case ALLOWED -> {
                // answered below
            }
        }
        try {
            mailing.execute(() -> sendLinkIfAccountExists(address));
        } catch (RejectedExecutionException overloaded) {
            log.warn("Password reset requests are arriving faster than mail can be sent; one was dropped");
        }
        return Request.ACCEPTED;
    }

    private void sendLinkIfAccountExists(String address) {
        try {
            String token = Tokens.random(TOKEN_PREFIX);
            Optional<User> user = TenantContext.callAsPlatform(() -> tx.execute(status -> {
                Optional<User> found = users.findByEmail(address).filter(u -> u.getPasswordHash() != null);
                found.ifPresent(u -> {
                    Instant now = Instant.now();
                    resets.deleteExpired(u.getId(), now.minus(settings.validity()));
                    resets.save(new PasswordReset(u.getId(), Tokens.sha256(token), now, now.plus(settings.validity())));
                });
                return found;
            }));
            user.ifPresent(u -> mailer.send(u, token));
        } catch (RuntimeException e) {
            log.error("Could not issue a password reset link", e);
        }
    }

    public LinkState describe(String token) {
        Optional<PasswordReset> reset = find(token);
        if (reset.isEmpty()) {
            return LinkState.UNKNOWN;
        }
        if (reset.get().isUsed()) {
            return LinkState.USED;
        }
        return reset.get().isOpen(Instant.now()) ? LinkState.VALID : LinkState.EXPIRED;
    }

    /**
     * Sets the password of the link's account, once: the link is spent, and the account's other links and other
     * sessions end.
     */
    public void reset(String token, String newPassword) {
        PasswordReset reset = find(token).orElseThrow(() -> new NotFoundException(
                "This reset link is not valid. Check that you opened the whole link, or ask for a new one."));
        TenantContext.runAsPlatform(() -> tx.executeWithoutResult(status -> {
            User user = users.findById(reset.getUserId()).orElseThrow(() -> new NotFoundException("This account no longer exists"));
            AccountService.requirePassword(newPassword, user.getEmail()); // before the link is spent: a typo must not cost it
            if (resets.markUsed(reset.getId(), Instant.now()) == 0) {
                boolean used = resets.findById(reset.getId()).map(PasswordReset::isUsed).orElse(false);
                throw new ConflictException(used
                        ? "This reset link was already used. Ask for a new one if you need to."
                        : "This reset link has expired or no longer works. Ask for a new one.");
            }
            passwords.change(user, newPassword);
        }));
    }

    private Optional<PasswordReset> find(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
            return Optional.empty();
        }
        String hash = Tokens.sha256(token);
        return TenantContext.callAsPlatform(() -> tx.execute(status -> resets.findByTokenHash(hash)));
    }

    /** Lets links already asked for go out, briefly; the rest are lost (their askers may ask again). */
    @PreDestroy
    void stop() throws InterruptedException {
        mailing.shutdown();
        if (!mailing.awaitTermination(5, TimeUnit.SECONDS)) {
            mailing.shutdownNow();
        }
    }
}
