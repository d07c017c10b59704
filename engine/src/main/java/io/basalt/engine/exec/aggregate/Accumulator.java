package io.basalt.engine.exec.aggregate;

import org.apache.arrow.vector.FieldVector;

/**
 * The per-group state of one aggregate, in primitive arrays indexed by group id and grown by
 * doubling. Updated a batch at a time in one typed loop ({@code state[gid[i]] += value[i]});
 * partial states of different workers combine with {@link #merge}.
 */
public abstract class Accumulator {
  /** Makes room for group ids below {@code groups}; new groups start empty. */
  public abstract void ensureGroups(int groups);

  /**
   * Adds rows of a batch: row {@code i} belongs to group {@code gids[i]}; the rows are {@code
   * sel[0..count)} when {@code sel} is non-null (a FILTER), else {@code 0..count)}. {@code arg} is
   * the argument column (null for COUNT(*) and LITERAL_AGG).
   */
  public abstract void update(Col arg, int[] gids, int[] sel, int count);

  /**
   * Combines {@code other} (same function and types; its group {@code g} is this one's group
   * {@code map[g]}) into this state, for {@code otherGroups} groups.
   */
  public abstract void merge(Accumulator other, int[] map, int otherGroups);

  /** Allocates {@code out} and writes the results of groups {@code [from, from + count)}. */
  public abstract void write(int from, int count, FieldVector out);

  /**
   * The physical kinds of the columns a spilled partial state has ({@link ColumnIO.Kind#LONG},
   * {@link ColumnIO.Kind#DECIMAL128} or {@link ColumnIO.Kind#BYTES}), one row per group.
   */
  public abstract ColumnIO.Kind[] stateKinds();

  /**
   * The partial state of groups {@code groups[from .. from + count)} as columns of {@link
   * #stateKinds}: what a spilling aggregation writes to disk instead of the groups' results.
   */
  public abstract Col[] exportState(int[] groups, int from, int count);

  /**
   * Combines {@code count} spilled partial states (columns as {@link #exportState} made them) into
   * this state: state row {@code i} belongs to group {@code map[i]}, which exists already.
   */
  public abstract void mergeState(Col[] state, int[] map, int count);

  /** Bytes of Java heap this state holds, for the operator's memory reservation. */
  public abstract long bytes();

  static int newSize(int current, int groups) {
    return Col.grownSize(current, groups);
  }
}
