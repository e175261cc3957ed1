package io.flowmeter.audit.service;

import org.jspecify.annotations.Nullable;

/**
 * Where the request being handled on this thread came from: the client's address (as the servlet container sees it,
 * forwarded headers applied where configured) and its user agent. Set by {@link RequestOriginFilter}; empty on
 * threads that serve no request (jobs, sweeps).
 */
record RequestOrigin(@Nullable String ip, @Nullable String userAgent) {

    static final RequestOrigin NONE = new RequestOrigin(null, null);
    static final int MAX_USER_AGENT = 400;

    private static final ThreadLocal<@Nullable RequestOrigin> CURRENT = new ThreadLocal<>();

    static RequestOrigin current() {
        RequestOrigin origin = CURRENT.get();
        return origin == null ? NONE : origin;
    }

    static @Nullable RequestOrigin swap(@Nullable RequestOrigin origin) {
        RequestOrigin previous = CURRENT.get();
        if (origin == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(origin);
        }
        return previous;
    }

    static RequestOrigin of(@Nullable String ip, @Nullable String userAgent) {
        String agent = userAgent == null || userAgent.isBlank() ? null
                : userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent;
        String address = ip == null || ip.isBlank() ? null : ip.length() > 64 ? ip.substring(0, 64) : ip;
        return new RequestOrigin(address, agent == null ? null : agent.replace('\0', ' '));
    }
}
