package io.basalt.planner.metadata;

import java.util.List;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataProvider;

/** Basalt's metadata handlers in front of Calcite's defaults; every planner phase uses this. */
public final class BasaltMetadata {
  private BasaltMetadata() {}

  public static final RelMetadataProvider PROVIDER = ChainedRelMetadataProvider.of(List.of(
      ReflectiveRelMetadataProvider.reflectiveSource(new BasaltRelMdDistinctRowCount(),
          BuiltInMetadata.DistinctRowCount.Handler.class),
      ReflectiveRelMetadataProvider.reflectiveSource(new BasaltRelMdSelectivity(),
          BuiltInMetadata.Selectivity.Handler.class),
      ReflectiveRelMetadataProvider.reflectiveSource(new BasaltRelMdRowCount(),
          BuiltInMetadata.RowCount.Handler.class),
      DefaultRelMetadataProvider.INSTANCE));
}
