package io.flowmeter.engine.notify;

/**
 * A workflow's own notification setting: follow the organization's default, notify its {@code own} targets
 * instead, or nobody.
 */
public record WorkflowNotification(Mode mode, NotificationTargets own) {

    public enum Mode { DEFAULT, OWN, OFF }

    public static final WorkflowNotification DEFAULT = new WorkflowNotification(Mode.DEFAULT, NotificationTargets.NONE);
}
