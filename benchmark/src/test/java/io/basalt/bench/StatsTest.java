package io.basalt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfOddCountIsTheMiddleValueWhateverTheOrder() {
    assertEquals(7.0, Stats.median(List.of(9.0, 1.0, 7.0)));
    assertEquals(4.5, Stats.median(List.of(4.5)));
  }

  @Test
  void medianOfEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertEquals(5.0, Stats.median(List.of(10.0, 2.0, 6.0, 4.0)));
  }

  @Test
  void geometricMeanOfGivenRatios() {
    assertEquals(4.0, Stats.geometricMean(List.of(2.0, 8.0)), 1e-12);
    assertEquals(10.0, Stats.geometricMean(List.of(1.0, 10.0, 100.0)), 1e-12);
    // A 2x win and a 2x loss average to 1x (the arithmetic mean would say 1.25x).
    assertEquals(1.0, Stats.geometricMean(List.of(0.5, 2.0)), 1e-12);
    assertEquals(3.0, Stats.geometricMean(List.of(3.0)), 1e-12);
    // (1.5 * 2.5 * 40)^(1/3) = 150^(1/3)
    assertEquals(5.313292845913056, Stats.geometricMean(List.of(1.5, 2.5, 40.0)), 1e-12);
  }

  @Test
  void geometricMeanRefusesEmptyAndNonPositiveInput() {
    assertThrows(IllegalArgumentException.class, () -> Stats.geometricMean(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Stats.geometricMean(List.of(1.0, 0.0)));
    assertThrows(IllegalArgumentException.class, () -> Stats.geometricMean(List.of(-2.0)));
    assertThrows(IllegalArgumentException.class, () -> Stats.geometricMean(List.of(Double.NaN)));
    assertThrows(IllegalArgumentException.class, () -> Stats.median(List.of()));
  }
}
