package io.flowmeter.identity;

import io.flowmeter.identity.security.LoginThrottle;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private static LoginThrottle throttle(int maxFailures) throws Exception {
        Constructor<LoginThrottle> constructor = LoginThrottle.class.getDeclaredConstructor(int.class, int.class);
        constructor.setAccessible(true);
        return constructor.newInstance(maxFailures, 15);
    }

    @Test
    void locksAnAddressAfterTheAllowedFailuresOnly() throws Exception {
        LoginThrottle throttle = throttle(3);
        throttle.recordFailure("Someone@Example.com");
        throttle.recordFailure("someone@example.com ");
        assertThat(throttle.isLocked("someone@example.com")).isFalse();
        throttle.recordFailure("someone@example.com");
        assertThat(throttle.isLocked("SOMEONE@example.com")).isTrue();
        assertThat(throttle.isLocked("other@example.com")).isFalse();
    }

    @Test
    void aSuccessfulSignInClearsTheFailures() throws Exception {
        LoginThrottle throttle = throttle(2);
        throttle.recordFailure("a@example.com");
        throttle.recordSuccess("a@example.com");
        throttle.recordFailure("a@example.com");
        assertThat(throttle.isLocked("a@example.com")).isFalse();
    }
}
