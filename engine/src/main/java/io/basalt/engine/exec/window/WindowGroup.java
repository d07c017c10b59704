package io.basalt.engine.exec.window;

import io.basalt.engine.exec.sort.SortKey;
import java.util.List;

/**
 * The window functions that share one window: PARTITION BY columns, ORDER BY keys (with null
 * placement resolved) and frame. Calcite's {@code Window.Group}.
 */
public record WindowGroup(int[] partitionKeys, List<SortKey> orderKeys, WindowFrame frame,
    List<WindowFunction> functions) {
  public WindowGroup {
    partitionKeys = partitionKeys.clone();
    orderKeys = List.copyOf(orderKeys);
    functions = List.copyOf(functions);
    if (frame.rangeOffsets() && orderKeys.size() != 1) {
      throw new IllegalArgumentException("a RANGE offset frame needs exactly one ORDER BY key");
    }
  }

  @Override
  public String toString() {
    return "partition " + java.util.Arrays.toString(partitionKeys) + " order " + orderKeys + " "
        + frame + " " + functions;
  }
}
