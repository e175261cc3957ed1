package io.flowmeter.engine.service;

import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether this node is stopping, and the steps its stop interrupted: those are released rather than failed (an
 * interruption by our own shutdown says nothing about the step), and {@link GracefulStop} hands them to another node.
 */
@Component
class NodeShutdown {

    private volatile boolean stopping;
    private final Set<StepJob> released = ConcurrentHashMap.newKeySet();

    void begin() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    void release(StepJob job) {
        released.add(job);
    }

    /** The steps released so far, handed over once. */
    List<StepJob> drainReleased() {
        List<StepJob> drained = new ArrayList<>(released);
        released.removeAll(drained);
        return drained;
    }

    /** Thrown out of a step that this node's stop interrupted: no outcome is recorded, the step runs again elsewhere. */
    static final class StepReleased extends RuntimeException {
        StepReleased() {
            super("This node stopped while the step ran; another node runs it again", null, false, false);
        }
    }
}
