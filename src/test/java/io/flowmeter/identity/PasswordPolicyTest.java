package io.flowmeter.identity;

import io.flowmeter.identity.service.PasswordPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"correct-horse-42", "tr0ub4dor&3x", "Ünïcødé-pass-1", "aaaa bbbb 1"})
    void accepts(String password) {
        assertThat(PasswordPolicy.problem(password, "someone@example.com")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "short1!,at least 10",
            "onlyletterslong,digit or symbol",
            "1234567890123,digit or symbol",
            "aaaaaaaaa1,different characters",
            "marianne-2024,email address"})
    void refusesWithAReason(String password, String reason) {
        assertThat(PasswordPolicy.problem(password, "marianne@example.com")).get().asString().contains(reason);
    }

    @org.junit.jupiter.api.Test
    void refusesAbsurdlyLongPasswords() {
        assertThat(PasswordPolicy.problem("a1".repeat(65), "x@example.com")).get().asString().contains("at most 128");
    }
}
