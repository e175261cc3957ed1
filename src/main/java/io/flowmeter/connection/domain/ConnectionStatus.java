package io.flowmeter.connection.domain;

public enum ConnectionStatus {
    CONNECTED, NEEDS_RECONNECT, ERROR, REVOKED
}
