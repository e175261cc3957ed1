package io.flowmeter.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default's durability promises, on real PostgreSQL processes. */
class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesARestartAndDurabilitySettingsAreOn() throws Exception {
        try (var server = EmbeddedPostgresServer.start(dataDir, 0);
             var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
            var statement = connection.createStatement();
            statement.execute("create table kept (v text)");
            statement.execute("insert into kept values ('still here')");
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                var rs = statement.executeQuery("show " + setting);
                rs.next();
                assertThat(rs.getString(1)).as(setting).isEqualTo("on");
            }
        }
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist(); // a clean stop
        try (var server = EmbeddedPostgresServer.start(dataDir, 0);
             var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
            var rs = connection.createStatement().executeQuery("select v from kept");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void extraSettingsApplyButCannotWeakenDurability() throws Exception {
        try (var server = EmbeddedPostgresServer.start(dataDir, 0, java.util.Map.of("max_wal_size", "2GB", "work_mem", "16MB"));
             var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
            var rs = connection.createStatement().executeQuery("select current_setting('max_wal_size'), current_setting('work_mem')");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("2GB");
            assertThat(rs.getString(2)).isEqualTo("16MB");
        }
        for (String weakening : List.of("fsync", "SYNCHRONOUS_COMMIT", "full_page_writes")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, 0, java.util.Map.of(weakening, "off")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("always runs with");
        }
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist(); // refused before anything started
    }

    @Test
    void aStartAfterTheJvmWasKilledStopsTheOrphanedPostgresAndKeepsCommittedData() throws Exception {
        Process child = startChildJvm(dataDir);
        try {
            var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("READY"));
            assertThat(line).as("child JVM output").isNotNull();
            long postmasterPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());

            child.destroyForcibly(); // SIGKILL: no shutdown hooks, Postgres is left running
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive)).contains(true);

            try (var server = EmbeddedPostgresServer.start(dataDir, 0);
                 var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
                var rs = connection.createStatement().executeQuery("select count(*) from committed_before_kill");
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThat(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        } finally {
            child.destroyForcibly();
        }
    }

    /** A single-machine install has nobody else to restart PostgreSQL: the server restarts it, on the same data and port. */
    @Test
    void aPostgresThatDiesIsStartedAgainOnTheSameDataAndPort() throws Exception {
        try (var server = EmbeddedPostgresServer.start(dataDir, 0)) {
            try (var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
                connection.createStatement().execute("create table committed_before_crash (v int); insert into committed_before_crash values (1)");
            }
            long postmasterPid = postmasterPid();
            new ProcessBuilder("kill", "-KILL", Long.toString(postmasterPid)).inheritIO().start().waitFor();

            long killedAt = System.nanoTime();
            Integer kept = null;
            while (kept == null && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30)) {
                try (var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
                    var rs = connection.createStatement().executeQuery("select count(*) from committed_before_crash");
                    rs.next();
                    kept = rs.getInt(1);
                } catch (java.sql.SQLException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(kept).as("rows committed before the crash, read on the same port after the restart").isEqualTo(1);
            assertThat(postmasterPid()).isNotEqualTo(postmasterPid);
        }
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist(); // closing stops the restarted one too
    }

    private long postmasterPid() throws java.io.IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    }

    private static Process startChildJvm(Path dataDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                KilledJvm.class.getName(), dataDir.toString()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The JVM that gets killed: starts Postgres, commits a row, says READY and waits. */
    public static final class KilledJvm {
        public static void main(String[] args) throws Exception {
            var server = EmbeddedPostgresServer.start(new File(args[0]).toPath(), 0);
            try (var connection = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
                connection.createStatement().execute("create table committed_before_kill (v int); insert into committed_before_kill values (1)");
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
