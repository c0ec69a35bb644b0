package io.lakehouse.engine.iceberg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.util.StructLikeWrapper;

/**
 * Finds the equality deletes on uuid columns that Iceberg's planner wrongly leaves out.
 *
 * <p>Iceberg 1.12 compares uuid values as two signed longs while writers record uuid column bounds
 * in unsigned byte order (apache/iceberg#14216). When the planner checks whether an equality
 * delete's values fall within a data file's bounds, it can then decide that a delete on a uuid
 * column cannot match and drop it, and deleted rows would come back. For equality deletes on uuid
 * columns, this applies the rule of the table spec instead, without bounds: a delete applies to a
 * data file with a lower data sequence number in the same partition, or in any partition when the
 * delete's spec is unpartitioned.
 */
final class UuidEqualityDeletes {

  private static final UuidEqualityDeletes NONE = new UuidEqualityDeletes(null, List.of());

  private final Table table;
  private final List<DeleteFile> deletes;

  private UuidEqualityDeletes(Table table, List<DeleteFile> deletes) {
    this.table = table;
    this.deletes = deletes;
  }

  /** The equality deletes on uuid columns live in a snapshot; read only when a schema has a uuid. */
  static UuidEqualityDeletes of(Table table, Snapshot snapshot) {
    Set<Integer> uuidFields = uuidFieldIds(table);
    if (uuidFields.isEmpty() || "0".equals(snapshot.summary().get("total-equality-deletes"))) {
      return NONE;
    }
    List<DeleteFile> deletes = new ArrayList<>();
    for (ManifestFile manifest : snapshot.deleteManifests(table.io())) {
      try (ManifestReader<DeleteFile> reader = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
        for (DeleteFile delete : reader) {
          if (delete.content() == FileContent.EQUALITY_DELETES
              && delete.equalityFieldIds().stream().anyMatch(uuidFields::contains)) {
            deletes.add(delete.copy());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot close delete manifest " + manifest.path(), e);
      }
    }
    return deletes.isEmpty() ? NONE : new UuidEqualityDeletes(table, deletes);
  }

  private static Set<Integer> uuidFieldIds(Table table) {
    Set<Integer> ids = new HashSet<>();
    for (Schema schema : table.schemas().values()) {
      TypeUtil.indexById(schema.asStruct()).forEach((id, field) -> {
        if (field.type().typeId() == Type.TypeID.UUID) {
          ids.add(id);
        }
      });
    }
    return ids;
  }

  /** The deletes of {@code task} plus the uuid equality deletes that apply but the planner left out. */
  List<DeleteFile> deletesOf(FileScanTask task) {
    if (deletes.isEmpty()) {
      return task.deletes();
    }
    List<DeleteFile> all = new ArrayList<>(task.deletes());
    Set<String> planned = new HashSet<>();
    task.deletes().forEach(d -> planned.add(d.location()));
    for (DeleteFile delete : deletes) {
      if (!planned.contains(delete.location()) && applies(delete, task.file())) {
        all.add(delete);
      }
    }
    return all;
  }

  private boolean applies(DeleteFile delete, DataFile file) {
    if (delete.dataSequenceNumber() == null
        || file.dataSequenceNumber() == null
        || delete.dataSequenceNumber() <= file.dataSequenceNumber()) {
      return false;
    }
    PartitionSpec deleteSpec = table.specs().get(delete.specId());
    if (deleteSpec.isUnpartitioned()) {
      return true;
    }
    if (delete.specId() != file.specId()) {
      return false;
    }
    StructLikeWrapper partition = StructLikeWrapper.forType(deleteSpec.partitionType());
    return partition.copyFor(delete.partition()).equals(partition.copyFor(file.partition()));
  }
}
