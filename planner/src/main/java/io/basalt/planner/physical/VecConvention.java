package io.basalt.planner.physical;

import org.apache.calcite.plan.Convention;

/** The calling convention of Basalt's vectorized engine operators ({@link VecRel}). */
public final class VecConvention {
  public static final Convention INSTANCE = new Convention.Impl("VEC", VecRel.class);

  private VecConvention() {}
}
