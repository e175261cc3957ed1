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
}
