package io.flowmeter.template;

/** A template that cannot be compiled or rendered, with a message that names the problem and where. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
