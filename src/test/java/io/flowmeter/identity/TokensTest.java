package io.flowmeter.identity;

import io.flowmeter.shared.Tokens;
import org.junit.jupiter.api.Test;

import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

class TokensTest {

    @Test
    void tokensAreRandomUrlSafeAndPrefixed() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 1000; i++) {
            String token = Tokens.random("fmk_");
            assertThat(token).startsWith("fmk_").hasSize(4 + 43).matches("fmk_[A-Za-z0-9_-]+");
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void hashesAreStableSha256Hex() {
        assertThat(Tokens.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
