package io.flowmeter.connector.spi;

/** How a parameter is edited and checked. Every type also accepts a template string. */
public enum ParamType {
    STRING, TEXT, NUMBER, BOOLEAN, JSON, SELECT, KEY_VALUE,
    /** ISO-8601 duration ({@code PT5M}) or milliseconds */
    DURATION,
    /** ISO-8601 instant or offset date-time */
    DATETIME
}
