package io.managedkvs.raftkv.resp.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GlobPatternTest {

  private static boolean matches(String pattern, String key) {
    return new GlobPattern(pattern.getBytes(StandardCharsets.UTF_8)).matches(key.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void matchesAsRedisDoes() {
    assertThat(matches("*", "")).isTrue();
    assertThat(matches("user:*", "user:42")).isTrue();
    assertThat(matches("user:*", "users")).isFalse();
    assertThat(matches("h?llo", "hello")).isTrue();
    assertThat(matches("h?llo", "hllo")).isFalse();
    assertThat(matches("h[ae]llo", "hallo")).isTrue();
    assertThat(matches("h[ae]llo", "hillo")).isFalse();
    assertThat(matches("h[^e]llo", "hallo")).isTrue();
    assertThat(matches("h[^e]llo", "hello")).isFalse();
    assertThat(matches("h[a-c]llo", "hbllo")).isTrue();
    assertThat(matches("h[c-a]llo", "hbllo")).isTrue();
    assertThat(matches("a\\*b", "a*b")).isTrue();
    assertThat(matches("a\\*b", "axb")).isFalse();
    assertThat(matches("*a*b*", "xxaxxbxx")).isTrue();
    assertThat(matches("*a*b", "xxaxxbxx")).isFalse();
  }

  @Test
  void theLiteralPrefixBoundsTheRangeWorthScanning() {
    GlobPattern p = new GlobPattern("user:1*".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(p.prefix(), StandardCharsets.UTF_8)).isEqualTo("user:1");
    assertThat(new String(p.prefixEnd(), StandardCharsets.UTF_8)).isEqualTo("user:2");
    assertThat(GlobPattern.all().prefix()).isEmpty();
    assertThat(GlobPattern.all().prefixEnd()).isEmpty();
    assertThat(new GlobPattern(new byte[] {'a', (byte) 0xFF, '*'}).prefixEnd()).containsExactly('b');
  }
}
