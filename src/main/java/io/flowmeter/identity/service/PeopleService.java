package io.flowmeter.identity.service;

import io.flowmeter.identity.People;
import io.flowmeter.identity.domain.MembershipRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** {@link People} from the current tenant's memberships. */
@Service
class PeopleService implements People {

    private final MembershipRepository memberships;
    private final TransactionTemplate tx;

    @Override
    public java.util.List<Member> members() {
        return tx.execute(status -> memberships.listMembers()).stream()
                .map(m -> new Member(m.userId(), m.displayName(), m.email(),
                        m.role() == io.flowmeter.identity.domain.Role.OWNER || m.role() == io.flowmeter.identity.domain.Role.ADMIN))
                .toList();
    }

    PeopleService(MembershipRepository memberships, TransactionTemplate tx) {
        this.memberships = memberships;
        this.tx = tx;
    }

    @Override
    public Map<UUID, String> displayNames(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> names = new HashMap<>();
        tx.executeWithoutResult(status -> memberships.displayNames(userIds).forEach(row -> names.put((UUID) row[0], (String) row[1])));
        return names;
    }
}
