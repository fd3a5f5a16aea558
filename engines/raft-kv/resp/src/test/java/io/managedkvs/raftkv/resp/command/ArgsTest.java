package io.managedkvs.raftkv.resp.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArgsTest {

  private static Long parse(String s) {
    return Args.tryParseLong(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void integersMustBeWrittenCanonically() {
    assertThat(parse("0")).isZero();
    assertThat(parse("-1")).isEqualTo(-1);
    assertThat(parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThat(parse("9223372036854775808")).isNull();
    assertThat(parse("-9223372036854775809")).isNull();
    assertThat(parse("01")).isNull();
    assertThat(parse("-0")).isNull();
    assertThat(parse("+1")).isNull();
    assertThat(parse(" 1")).isNull();
    assertThat(parse("1.0")).isNull();
    assertThat(parse("")).isNull();
    assertThatThrownBy(() -> Args.parseLong("x".getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(ReplyException.class).hasMessage(Errors.NOT_INTEGER);
  }

  @Test
  void keywordsCompareWithoutCase() {
    assertThat(Args.is("ex".getBytes(StandardCharsets.US_ASCII), "EX")).isTrue();
    assertThat(Args.is("eX".getBytes(StandardCharsets.US_ASCII), "EX")).isTrue();
    assertThat(Args.is("exx".getBytes(StandardCharsets.US_ASCII), "EX")).isFalse();
  }

  @Test
  void unknownCommandQuotesArgumentsUpTo128Characters() {
    byte[] longArg = "y".repeat(200).getBytes(StandardCharsets.US_ASCII);
    String message = Errors.unknownCommand(java.util.List.of("foo".getBytes(StandardCharsets.US_ASCII), longArg,
        "z".getBytes(StandardCharsets.US_ASCII)));
    assertThat(message).isEqualTo("ERR unknown command 'foo', with args beginning with: '" + "y".repeat(128) + "' ");
  }
}
