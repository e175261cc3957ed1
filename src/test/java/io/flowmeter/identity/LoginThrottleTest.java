package io.flowmeter.identity;

import io.flowmeter.identity.security.LoginThrottle;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private static LoginThrottle throttle(int maxFailures) throws Exception {
        return throttle(maxFailures, 1000);
    }

    private static LoginThrottle throttle(int maxFailures, int perSource) throws Exception {
        Class<?> settings = Class.forName("io.flowmeter.identity.security.LoginThrottle$Settings");
        Constructor<?> settingsConstructor = settings.getDeclaredConstructor(int.class, int.class, int.class);
        settingsConstructor.setAccessible(true);
        Constructor<LoginThrottle> constructor = LoginThrottle.class.getDeclaredConstructor(settings);
        constructor.setAccessible(true);
        return constructor.newInstance(settingsConstructor.newInstance(maxFailures, perSource, 15));
    }

    @Test
    void locksAnAddressAfterTheAllowedFailuresOnly() throws Exception {
        LoginThrottle throttle = throttle(3);
        throttle.recordFailure("Someone@Example.com", null);
        throttle.recordFailure("someone@example.com ", null);
        assertThat(throttle.isLocked("someone@example.com", null)).isFalse();
        throttle.recordFailure("someone@example.com", null);
        assertThat(throttle.isLocked("SOMEONE@example.com", null)).isTrue();
        assertThat(throttle.isLocked("other@example.com", null)).isFalse();
    }

    @Test
    void aSuccessfulSignInClearsTheFailures() throws Exception {
        LoginThrottle throttle = throttle(2);
        throttle.recordFailure("a@example.com", "10.0.0.1");
        throttle.recordSuccess("a@example.com");
        throttle.recordFailure("a@example.com", "10.0.0.1");
        assertThat(throttle.isLocked("a@example.com", null)).isFalse();
    }

    @Test
    void oneSourceSprayingManyAddressesIsLockedOutAndASuccessDoesNotResetIt() throws Exception {
        LoginThrottle throttle = throttle(10, 3);
        throttle.recordFailure("one@example.com", "203.0.113.7");
        throttle.recordFailure("two@example.com", "203.0.113.7");
        throttle.recordSuccess("mine@example.com");
        assertThat(throttle.isLocked("three@example.com", "203.0.113.7")).isFalse();
        throttle.recordFailure("three@example.com", "203.0.113.7");
        assertThat(throttle.isLocked("four@example.com", "203.0.113.7")).isTrue();
        assertThat(throttle.isLocked("four@example.com", "198.51.100.1")).as("another source").isFalse();
        assertThat(throttle.isLocked("one@example.com", null)).as("the address itself is not locked").isFalse();
    }

    @Test
    void anIpv6NetworkCountsAsOneSource() throws Exception {
        java.lang.reflect.Method source = LoginThrottle.class.getDeclaredMethod("source", String.class);
        source.setAccessible(true);
        assertThat(source.invoke(null, "2001:db8:1:2::1")).isEqualTo(source.invoke(null, "2001:db8:1:2:ffff::9"));
        assertThat(source.invoke(null, "2001:db8:1:2::1")).isNotEqualTo(source.invoke(null, "2001:db8:1:3::1"));
        assertThat(source.invoke(null, "203.0.113.7")).isEqualTo("203.0.113.7");
    }
}
