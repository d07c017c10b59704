package io.basalt.engine.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.basalt.engine.pushdown.CompareOp;
import io.basalt.engine.pushdown.Operand;
import io.basalt.engine.pushdown.ScanPredicate;
import io.basalt.engine.pushdown.ValueDomain;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order in which the scan's row filter tests the terms of a conjunction: small runtime key
 * sets (selective builds) before comparisons, large ones (most of a table's keys, which drop
 * few rows) after the comparisons of numbers and dates, and string terms after those.
 */
class PredicateRowFilterOrderTest {
  private static ScanPredicate.KeySet keySet(int size) {
    long[] keys = new long[size];
    boolean[] keep = new boolean[size];
    for (int i = 0; i < size; i++) {
      keys[i] = 7L * i; // sparse: hashed, not a bitmap
      keep[i] = true;
    }
    ScanPredicate.LongSet set = ScanPredicate.LongSet.of(keys, keep, size, 0, 7L * (size - 1),
        1 << 20);
    return new ScanPredicate.KeySet(0, ValueDomain.EXACT, 0, 7L * (size - 1), set.size(), set);
  }

  @Test
  void largeKeySetsComeAfterComparisonsAndSmallOnesBefore() {
    ScanPredicate.Compare date = new ScanPredicate.Compare(1, ValueDomain.DATE, CompareOp.GE,
        new Operand.Literal(9000L));
    ScanPredicate.InList strings = new ScanPredicate.InList(2, ValueDomain.STRING,
        List.of(new Operand.Literal("MAIL".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
        false);
    ScanPredicate.Compare number = new ScanPredicate.Compare(3, ValueDomain.EXACT, CompareOp.LT,
        new Operand.Literal(BigDecimal.TEN));
    long small = PredicateRowFilter.cost(keySet(1000));
    long large = PredicateRowFilter.cost(keySet(PredicateRowFilter.LARGE_KEY_SET + 1));
    assertTrue(small < PredicateRowFilter.cost(date));
    assertTrue(small < PredicateRowFilter.cost(number));
    assertTrue(large > PredicateRowFilter.cost(date));
    assertTrue(large > PredicateRowFilter.cost(number));
    assertTrue(large < PredicateRowFilter.cost(strings));
  }
}
