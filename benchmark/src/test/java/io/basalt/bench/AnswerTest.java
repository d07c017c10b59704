package io.basalt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerTest {
  private static Answer answer(List<?>... rows) {
    return new Answer(Arrays.stream(rows).map(r -> (List<Object>) List.copyOf(r)).toList());
  }

  private static BigDecimal n(String value) {
    return new BigDecimal(value);
  }

  @Test
  void numbersWithinOneBillionthAreEqual() {
    Answer expected = answer(List.of("A", n("1000000.000")));
    assertEquals(Optional.empty(), answer(List.of("A", n("1000000.0009"))).differenceFrom(expected, true));
    assertTrue(answer(List.of("A", n("1000000.002"))).differenceFrom(expected, true).isPresent());
  }

  @Test
  void rowOrderMattersOnlyForOrderedQueries() {
    Answer expected = answer(List.of("A", n("1")), List.of("B", n("2")));
    Answer swapped = answer(List.of("B", n("2")), List.of("A", n("1")));
    assertEquals(Optional.empty(), swapped.differenceFrom(expected, false));
    assertEquals(Optional.of("row 0 column 1: B, expected A"), swapped.differenceFrom(expected, true));
  }

  @Test
  void rowCountAndNullsAreCompared() {
    Answer expected = answer(List.of("A"), List.of("B"));
    assertEquals(Optional.of("1 rows, expected 2"), answer(List.of("A")).differenceFrom(expected, true));
    Answer withNull = new Answer(List.of(Arrays.asList((Object) null)));
    assertEquals(Optional.empty(), withNull.differenceFrom(withNull, true));
    assertTrue(withNull.differenceFrom(answer(List.of("A")), true).isPresent());
  }

  @Test
  void normalizesNumbersOfEveryJavaType() {
    assertEquals(n("3"), Answer.normalize(3));
    assertEquals(n("3"), Answer.normalize(3L));
    assertEquals(0, n("0.25").compareTo((BigDecimal) Answer.normalize(0.25d)));
    assertEquals(n("7"), Answer.normalize(java.math.BigInteger.valueOf(7)));
  }
}
