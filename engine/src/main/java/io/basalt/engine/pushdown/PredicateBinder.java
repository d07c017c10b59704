package io.basalt.engine.pushdown;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves a predicate's parameters for one execution and lowers LIKE patterns to what statistics
 * can decide: {@code LIKE 'abc%'} becomes {@code >= 'abc' AND < 'abd'}, a pattern without
 * wildcards an equality. The result holds only {@link Operand.Literal}s; a parameter that does not
 * convert makes its term {@link ScanPredicate.Unknown} (never a wrong skip).
 */
public final class PredicateBinder {
  private PredicateBinder() {}

  public static ScanPredicate bind(ScanPredicate predicate, ParameterValues parameters) {
    if (predicate instanceof ScanPredicate.And a) {
      return new ScanPredicate.And(bindAll(a.terms(), parameters));
    }
    if (predicate instanceof ScanPredicate.Or o) {
      return new ScanPredicate.Or(bindAll(o.terms(), parameters));
    }
    if (predicate instanceof ScanPredicate.Like l) {
      return bindLike(l, parameters);
    }
    try {
      if (predicate instanceof ScanPredicate.Compare c) {
        return new ScanPredicate.Compare(c.column(), c.domain(), c.op(),
            literal(c.value(), c.domain(), parameters));
      }
      if (predicate instanceof ScanPredicate.InList i) {
        List<Operand> values = new ArrayList<>();
        for (Operand v : i.values()) {
          values.add(literal(v, i.domain(), parameters));
        }
        return new ScanPredicate.InList(i.column(), i.domain(), values, i.negated());
      }
    } catch (RuntimeException e) {
      return new ScanPredicate.Unknown("parameter: " + e.getMessage());
    }
    return predicate; // IsNull, NotStartsWith, Unknown have no operands
  }

  private static List<ScanPredicate> bindAll(List<ScanPredicate> terms, ParameterValues p) {
    List<ScanPredicate> out = new ArrayList<>(terms.size());
    for (ScanPredicate t : terms) {
      out.add(bind(t, p));
    }
    return out;
  }

  private static Operand literal(Operand operand, ValueDomain domain, ParameterValues p) {
    if (operand instanceof Operand.Parameter param) {
      return new Operand.Literal(DomainValues.fromParameter(p.get(param.index()), domain));
    }
    return operand;
  }

  private static ScanPredicate bindLike(ScanPredicate.Like like, ParameterValues p) {
    Object value;
    try {
      value = ((Operand.Literal) literal(like.pattern(), ValueDomain.STRING, p)).value();
    } catch (RuntimeException e) {
      return new ScanPredicate.Unknown("parameter: " + e.getMessage());
    }
    if (value == null) {
      // x LIKE NULL is never true, nor is x NOT LIKE NULL.
      return new ScanPredicate.Compare(like.column(), ValueDomain.STRING, CompareOp.EQ,
          new Operand.Literal(null));
    }
    String pattern = new String((byte[]) value, StandardCharsets.UTF_8);
    int cut = firstSpecial(pattern);
    if (cut < 0) {
      // No wildcard and no escape: LIKE is plain equality.
      return new ScanPredicate.Compare(like.column(), ValueDomain.STRING,
          like.negated() ? CompareOp.NE : CompareOp.EQ, new Operand.Literal(value));
    }
    byte[] prefix = pattern.substring(0, cut).getBytes(StandardCharsets.UTF_8);
    if (prefix.length == 0) {
      return new ScanPredicate.Unknown("LIKE pattern starts with a wildcard");
    }
    if (like.negated()) {
      return new ScanPredicate.NotStartsWith(like.column(), prefix);
    }
    ScanPredicate lower = new ScanPredicate.Compare(like.column(), ValueDomain.STRING,
        CompareOp.GE, new Operand.Literal(prefix));
    byte[] upper = prefixUpperBound(prefix);
    if (upper == null) {
      return lower;
    }
    return new ScanPredicate.And(List.of(lower, new ScanPredicate.Compare(like.column(),
        ValueDomain.STRING, CompareOp.LT, new Operand.Literal(upper))));
  }

  /** Index of the first '%', '_' or escape-like '\\' — where the literal prefix ends; -1 if none. */
  private static int firstSpecial(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '%' || c == '_' || c == '\\') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The smallest byte string greater than every string starting with {@code prefix}: the prefix
   * with its last non-0xFF byte incremented and the rest dropped; null when there is none.
   */
  static byte[] prefixUpperBound(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if ((prefix[i] & 0xFF) != 0xFF) {
        byte[] out = Arrays.copyOf(prefix, i + 1);
        out[i]++;
        return out;
      }
    }
    return null;
  }
}
