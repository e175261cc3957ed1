package io.flowmeter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the disk beside a benchmark: every 20 ms one 8 KiB write and {@code fdatasync} (what a PostgreSQL commit
 * waits for) to a file next to the database, timed. Tells a request tail caused by the disk from one caused by us.
 */
final class DiskProbe implements AutoCloseable {

    private static final int BLOCK = 8192;
    private static final int BLOCKS = 1024;

    private final Path file;
    private final long startNanos = System.nanoTime();
    private final List<long[]> samples = new ArrayList<>(); // {at (ns since start), duration (ns)}
    private final Thread thread;
    private volatile boolean running = true;

    DiskProbe(Path directory) {
        try {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, "disk-probe", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::probe, "disk-probe");
        thread.setDaemon(true);
        thread.start();
    }

    private void probe() {
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            // pre-allocate, as PostgreSQL does with its WAL segments, so a sync flushes data, not metadata
            for (int i = 0; i < BLOCKS; i++) {
                block.clear();
                channel.write(block, (long) i * BLOCK);
            }
            channel.force(true);
            long i = 0;
            while (running) {
                block.clear();
                long began = System.nanoTime();
                channel.write(block, (i++ % BLOCKS) * BLOCK);
                channel.force(false);
                long took = System.nanoTime() - began;
                synchronized (samples) {
                    samples.add(new long[] {began - startNanos, took});
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The slowest sync in each window of {@code windowNanos} between {@code fromNanos} and {@code toNanos} (System.nanoTime). */
    List<Long> worstPerWindow(long fromNanos, long toNanos, long windowNanos) {
        List<Long> worst = new ArrayList<>();
        long windows = Math.max(1, Math.round((double) (toNanos - fromNanos) / windowNanos));
        for (long from = fromNanos; from < fromNanos + windows * windowNanos; from += windowNanos) {
            long max = 0;
            synchronized (samples) {
                for (long[] sample : samples) {
                    long at = sample[0] + startNanos;
                    if (at >= from && at < from + windowNanos) {
                        max = Math.max(max, sample[1]);
                    }
                }
            }
            worst.add(max);
        }
        return worst;
    }

    /** How many syncs between the two times took longer than {@code slowNanos}, and how many there were. */
    long[] slow(long fromNanos, long toNanos, long slowNanos) {
        long slow = 0;
        long all = 0;
        synchronized (samples) {
            for (long[] sample : samples) {
                long at = sample[0] + startNanos;
                if (at >= fromNanos && at < toNanos) {
                    all++;
                    if (sample[1] > slowNanos) {
                        slow++;
                    }
                }
            }
        }
        return new long[] {slow, all};
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(5_000);
        Files.deleteIfExists(file);
    }
}
