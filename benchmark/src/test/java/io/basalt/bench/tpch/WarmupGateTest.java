package io.basalt.bench.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarmupGateTest {
  @Test
  void aRoundIsQuietWhenCompilingTookAtMostTwoPercentOfIt() {
    assertTrue(WarmupGate.quiet(0, 100));
    assertTrue(WarmupGate.quiet(2, 100));
    assertFalse(WarmupGate.quiet(3, 100));
    assertFalse(WarmupGate.quiet(450, 600));
  }

  @Test
  void noRequestedRoundsMeansNoWarmUp() {
    WarmupGate gate = new WarmupGate(0);
    assertFalse(gate.another());
    assertEquals(0, gate.rounds());
  }

  @Test
  void runsAtLeastTheRequestedRoundsAndStopsAtTheCap() {
    WarmupGate gate = new WarmupGate(3);
    int rounds = 0;
    while (gate.another()) {
      // An empty round: quiet unless the JIT happens to finish a compile meanwhile.
      rounds++;
      gate.roundDone();
    }
    assertTrue(rounds >= 3 && rounds <= WarmupGate.MAX_ROUNDS, "rounds " + rounds);
    assertEquals(rounds, gate.rounds());

    WarmupGate capped = new WarmupGate(WarmupGate.MAX_ROUNDS + 5);
    int n = 0;
    while (capped.another()) {
      n++;
      capped.roundDone();
    }
    assertEquals(WarmupGate.MAX_ROUNDS, n);
  }
}
