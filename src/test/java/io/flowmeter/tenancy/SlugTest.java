package io.flowmeter.tenancy;

import io.flowmeter.tenancy.domain.Slug;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlugTest {

    @ParameterizedTest
    @ValueSource(strings = {"acme", "acme-2", "a1b", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "123"})
    void accepts(String slug) {
        assertThat(Slug.problem(slug)).isEmpty();
        assertThat(new Slug(slug).value()).isEqualTo(slug);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "ab", "Acme", "-acme", "acme-", "ac--me", "ac me", "acmé", "a_b_c", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "acme/evil"})
    void refusesWithAReason(String slug) {
        assertThat(Slug.problem(slug)).isPresent();
        assertThatThrownBy(() -> new Slug(slug)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"Acme GmbH & Co.,acme-gmbh-co", "  Café Crème ,cafe-creme", "ÜBER 9000!,uber-9000", "---,''"})
    void suggestsFromNames(String name, String expected) {
        assertThat(Slug.suggestFrom(name)).isEqualTo(expected);
    }
}
