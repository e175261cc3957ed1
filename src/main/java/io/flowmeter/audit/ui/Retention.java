package io.flowmeter.audit.ui;

import io.flowmeter.audit.service.AuditProperties;

/** The retention as the screens say it ("for 365 days"). */
final class Retention {

    private Retention() {
    }

    static String text(AuditProperties properties) {
        long days = properties.retention().toDays();
        return "for " + days + (days == 1 ? " day" : " days");
    }
}
