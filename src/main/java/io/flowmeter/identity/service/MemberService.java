package io.flowmeter.identity.service;

import io.flowmeter.identity.domain.Invitation;
import io.flowmeter.identity.domain.InvitationRepository;
import io.flowmeter.identity.domain.MemberView;
import io.flowmeter.identity.domain.Membership;
import io.flowmeter.identity.domain.MembershipRepository;
import io.flowmeter.identity.domain.Role;
import io.flowmeter.identity.domain.User;
import io.flowmeter.identity.domain.UserRepository;
import io.flowmeter.identity.security.CurrentUser;
import io.flowmeter.identity.security.FlowmeterPrincipal;
import io.flowmeter.shared.audit.Audit;
import io.flowmeter.shared.audit.AuditAction;
import io.flowmeter.shared.audit.AuditActor;
import io.flowmeter.shared.ConflictException;
import io.flowmeter.shared.InvalidInputException;
import io.flowmeter.shared.NotFoundException;
import io.flowmeter.shared.Tokens;
import io.flowmeter.tenancy.TenantContext;
import io.flowmeter.tenancy.domain.Tenant;
import io.flowmeter.tenancy.service.TenantService;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The members of the current tenant and the invitations that add new ones. Admins manage members; only
 * owners may create, change or remove owners; a tenant always keeps at least one owner.
 */
@Service
public class MemberService {

    /** A fresh invite: the link in clear (shown once when it could not be emailed) and whether it was emailed. */
    public record Invite(Invitation invitation, String link, boolean emailed) {
    }

    /** What an invite link leads to, for the page that opens it. */
    public record InviteDetails(State state, @Nullable String tenantName, @Nullable String email, @Nullable Role role,
                                boolean accountExists) {
        public enum State { VALID, EXPIRED, USED, UNKNOWN }
    }

    private final MembershipRepository memberships;
    private final InvitationRepository invitations;
    private final UserRepository users;
    private final AccountService accounts;
    private final TenantService tenants;
    private final InviteMailer mailer;
    private final TransactionTemplate tx;
    private final String baseUrl;
    private final Duration inviteValidity;
    private final Audit audit;

    MemberService(MembershipRepository memberships, InvitationRepository invitations, UserRepository users,
                  AccountService accounts, TenantService tenants, InviteMailer mailer, TransactionTemplate tx, Audit audit,
                  @Value("${flowmeter.base-url}") String baseUrl,
                  @Value("${flowmeter.security.invite-valid-days}") int inviteValidDays) {
        this.audit = audit;
        this.memberships = memberships;
        this.invitations = invitations;
        this.users = users;
        this.accounts = accounts;
        this.tenants = tenants;
        this.mailer = mailer;
        this.tx = tx;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.inviteValidity = Duration.ofDays(inviteValidDays);
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<MemberView> members() {
        return tx.execute(status -> memberships.listMembers());
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<Invitation> pendingInvitations() {
        return tx.execute(status -> invitations.findPending(Instant.now()));
    }

    public boolean mailEnabled() {
        return mailer.isEnabled();
    }

    @PreAuthorize("hasRole('ADMIN')")
    public Invite invite(String email, Role role) {
        String address = EmailAddress.require("email", email);
        FlowmeterPrincipal inviter = CurrentUser.require();
        requireMayGrant(inviter, role);
        Tenant tenant = tenants.current();
        String token = Tokens.random("inv_");
        Invitation invitation = tx.execute(status -> {
            var existingUser = users.idByEmail(address);
            if (existingUser.isPresent() && memberships.findByUserId(existingUser.get()).isPresent()) {
                throw new InvalidInputException("email", address + " is already a member");
            }
            Instant now = Instant.now();
            List<Invitation> pending = invitations.findPending(now);
            pending.stream().filter(i -> i.getEmail().equals(address)).forEach(i -> i.revoke(now)); // a re-invite replaces
            long seats = memberships.count() + pending.stream().filter(i -> !i.getEmail().equals(address)).count();
            if (seats >= tenant.getPlan().maxMembers()) {
                throw new ConflictException("Your plan allows " + tenant.getPlan().maxMembers()
                        + " members, counting pending invitations; remove someone or revoke an invitation first");
            }
            Invitation saved = invitations.save(new Invitation(address, role, Tokens.sha256(token), inviter.userId(), now.plus(inviteValidity)));
            audit.record(AuditAction.INVITATION_SENT, saved.getId(), address, null, Map.of("email", address, "role", role.name()));
            return saved;
        });
        return deliver(invitation, token, tenant.getName(), inviter.displayName());
    }

    /**
     * Gives a tenant being created by a platform admin its first owner. Runs inside the tenant's creation
     * transaction and scope: an existing account becomes owner at once (empty result); otherwise an owner
     * invitation is stored and its token returned, to be delivered with {@link #deliver} after commit.
     */
    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public @Nullable String provisionOwner(String email) {
        String address = EmailAddress.require("ownerEmail", email);
        var existing = users.idByEmail(address); // not yet a member here, so invisible as a row
        if (existing.isPresent()) {
            Membership owner = memberships.save(new Membership(existing.get(), Role.OWNER));
            audit.record(AuditAction.MEMBER_JOINED, owner.getId(), address, null, Map.of("email", address, "role", Role.OWNER.name()));
            return null;
        }
        String token = Tokens.random("inv_");
        Invitation invitation = invitations.save(new Invitation(address, Role.OWNER, Tokens.sha256(token), CurrentUser.require().userId(),
                Instant.now().plus(inviteValidity)));
        audit.record(AuditAction.INVITATION_SENT, invitation.getId(), address, null, Map.of("email", address, "role", Role.OWNER.name()));
        return token;
    }

    /** Emails the invite link when SMTP is configured; the link is returned either way, to show once. */
    public Invite deliver(Invitation invitation, String token, String tenantName, String inviterName) {
        String link = baseUrl + "/invite/" + token;
        boolean emailed = mailer.sendInvite(invitation.getEmail(), tenantName, inviterName, invitation.getRole().label(), link);
        return new Invite(invitation, link, emailed);
    }

    /** Delivers an owner invitation created by {@link #provisionOwner}. */
    public Invite deliverOwnerInvite(String token, String tenantName) {
        Invitation invitation = findInvitation(token);
        if (invitation == null) {
            throw new NotFoundException("Invitation not found");
        }
        return deliver(invitation, token, tenantName, CurrentUser.require().displayName());
    }

    @PreAuthorize("hasRole('ADMIN')")
    public void revokeInvitation(UUID invitationId) {
        tx.executeWithoutResult(status -> {
            Invitation invitation = invitations.findById(invitationId).orElseThrow(() -> new NotFoundException("Invitation not found"));
            invitation.revoke(Instant.now());
            audit.record(AuditAction.INVITATION_REVOKED, invitation.getId(), invitation.getEmail(), null,
                    Map.of("email", invitation.getEmail(), "role", invitation.getRole().name()));
        });
    }

    @PreAuthorize("hasRole('ADMIN')")
    public void changeRole(UUID membershipId, Role role) {
        FlowmeterPrincipal actor = CurrentUser.require();
        tx.executeWithoutResult(status -> {
            Membership membership = memberships.findById(membershipId)
                    .orElseThrow(() -> new NotFoundException("Member not found"));
            if (membership.getRole() == role) {
                return;
            }
            if (membership.getRole() == Role.OWNER) {
                requireMayGrant(actor, Role.OWNER);
                requireAnotherOwner("change the role of");
            }
            requireMayGrant(actor, role);
            Role before = membership.getRole();
            membership.changeRole(role);
            audit.record(AuditAction.MEMBER_ROLE_CHANGED, membership.getId(), emailOf(membership), Map.of("role", before.name()),
                    Map.of("role", role.name()));
        });
    }

    @PreAuthorize("hasRole('ADMIN')")
    public void remove(UUID membershipId) {
        FlowmeterPrincipal actor = CurrentUser.require();
        tx.executeWithoutResult(status -> {
            Membership membership = memberships.findById(membershipId)
                    .orElseThrow(() -> new NotFoundException("Member not found"));
            if (membership.getRole() == Role.OWNER) {
                requireMayGrant(actor, Role.OWNER);
                requireAnotherOwner("remove");
            }
            audit.record(AuditAction.MEMBER_REMOVED, membership.getId(), emailOf(membership), Map.of("role", membership.getRole().name()), null);
            memberships.delete(membership);
        });
    }

    /** Opens an invite link; anyone holding the link may call this. */
    public InviteDetails describeInvite(String token) {
        Invitation invitation = findInvitation(token);
        if (invitation == null) {
            return new InviteDetails(InviteDetails.State.UNKNOWN, null, null, null, false);
        }
        var state = invitation.isAccepted() ? InviteDetails.State.USED
                : invitation.isPending(Instant.now()) ? InviteDetails.State.VALID : InviteDetails.State.EXPIRED;
        String tenantName = tenants.findForSignIn(invitation.getTenantId()).map(Tenant::getName).orElse(null);
        if (tenantName == null) {
            return new InviteDetails(InviteDetails.State.UNKNOWN, null, null, null, false);
        }
        return new InviteDetails(state, tenantName, invitation.getEmail(), invitation.getRole(),
                accounts.emailTaken(invitation.getEmail()));
    }

    /** Accepts an invite by creating the account it was sent to. */
    public User acceptAsNewUser(String token, String displayName, String password) {
        Invitation invitation = requireValid(token);
        return TenantContext.callAsTenant(invitation.getTenantId(), () -> tx.execute(status -> {
            User user = accounts.createMember(invitation.getEmail(), displayName, password, invitation.getRole());
            user.rememberTenant(invitation.getTenantId());
            invitations.findById(invitation.getId()).ifPresent(i -> i.accept(Instant.now()));
            joined(user, invitation);
            return user;
        }));
    }

    /** Accepts an invite for an existing account, whose password proves it is theirs. */
    public User acceptAsExistingUser(String token, String password) {
        Invitation invitation = requireValid(token);
        User user = accounts.findByEmail(invitation.getEmail())
                .filter(u -> accounts.passwordMatches(u, password))
                .orElseThrow(() -> new InvalidInputException("password", "Incorrect password"));
        TenantContext.runAsTenant(invitation.getTenantId(), () -> tx.executeWithoutResult(status -> {
            if (memberships.findByUserId(user.getId()).isEmpty()) {
                memberships.save(new Membership(user.getId(), invitation.getRole()));
                joined(user, invitation);
            }
            invitations.findById(invitation.getId()).ifPresent(i -> i.accept(Instant.now()));
            // flushed first: the account becomes visible here through the membership just added
            users.rememberTenant(user.getId(), invitation.getTenantId());
        }));
        return user;
    }

    private void joined(User user, Invitation invitation) {
        audit.recordAs(AuditActor.user(user.getId(), user.getEmail()), invitation.getTenantId(), AuditAction.MEMBER_JOINED,
                user.getId(), user.getEmail(), Map.of("email", user.getEmail(), "role", invitation.getRole().name(), "invitation",
                        invitation.getId().toString()));
    }

    /** The member's email, for the log (the row is visible here through the membership). */
    private String emailOf(Membership membership) {
        return memberships.emailOf(membership.getId()).orElse(membership.getUserId().toString());
    }

    private Invitation requireValid(String token) {
        Invitation invitation = findInvitation(token);
        if (invitation == null) {
            throw new NotFoundException("This invitation link is not valid");
        }
        if (invitation.isAccepted()) {
            throw new ConflictException("This invitation was already used; sign in instead");
        }
        if (!invitation.isPending(Instant.now())) {
            throw new ConflictException("This invitation expired or was withdrawn; ask for a new one");
        }
        return invitation;
    }

    private @Nullable Invitation findInvitation(String token) {
        if (token == null || !token.startsWith("inv_") || token.length() > 100) {
            return null;
        }
        String hash = Tokens.sha256(token);
        return TenantContext.callAsPlatform(() -> tx.execute(status -> invitations.findByTokenHash(hash).orElse(null)));
    }

    private void requireAnotherOwner(String action) {
        if (memberships.countByRole(Role.OWNER) <= 1) {
            throw new ConflictException("You cannot " + action + " the last owner; make someone else an owner first");
        }
    }

    private static void requireMayGrant(FlowmeterPrincipal actor, Role role) {
        if (role == Role.OWNER && !actor.has(Role.OWNER)) {
            throw new AccessDeniedException("Only owners can make, change or remove owners");
        }
    }
}
