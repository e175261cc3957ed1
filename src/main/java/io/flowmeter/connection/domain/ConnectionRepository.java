package io.flowmeter.connection.domain;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public interface ConnectionRepository extends JpaRepository<Connection, UUID> {

    List<Connection> findAllByOrderByNameAsc();

    /** Records use at most once a minute per connection. */
    @Modifying
    @Query("update Connection c set c.lastUsedAt = :now where c.id = :id and (c.lastUsedAt is null or c.lastUsedAt < :staleBefore)")
    int touch(UUID id, Instant now, Instant staleBefore);

    /** Takes the connection's row lock until the transaction ends: one refresh at a time, across nodes. */
    @Query(value = "select id from connections where id = :id for update", nativeQuery = true)
    java.util.Optional<UUID> lock(UUID id);

    @Modifying
    @Query("update Connection c set c.status = :status, c.statusMessage = :message where c.id = :id")
    int setStatus(UUID id, ConnectionStatus status, String message);
}
