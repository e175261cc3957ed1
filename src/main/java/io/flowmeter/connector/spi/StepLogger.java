package io.flowmeter.connector.spi;

/** Lines a connector wants shown with the step attempt. */
public interface StepLogger {

    void info(String message);

    void warn(String message);
}
