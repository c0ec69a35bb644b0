package io.lakehouse.engine.io;

import java.util.List;
import java.util.concurrent.Executor;
import org.apache.iceberg.io.RangeReadable;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet file in an object store, read by ranged requests ({@link RangedInputStream}) with the
 * storage's footer cache, and able to fetch ahead: {@link #willRead} goes to the stream the file's
 * reader opened last.
 */
final class RemoteParquetFile implements InputFile, ReadAhead {

  private final org.apache.iceberg.io.InputFile file;
  private final FooterCache footers;
  private final Executor executor;
  private volatile RangedInputStream last;

  RemoteParquetFile(org.apache.iceberg.io.InputFile file, FooterCache footers, Executor executor) {
    this.file = file;
    this.footers = footers;
    this.executor = executor;
  }

  @Override
  public long getLength() {
    return file.getLength();
  }

  @Override
  public SeekableInputStream newStream() {
    org.apache.iceberg.io.SeekableInputStream in = file.newStream();
    if (!(in instanceof RangeReadable)) {
      return Storage.parquetStream(in);
    }
    RangedInputStream stream = new RangedInputStream(in, file.getLength(), executor, file.location(), footers);
    last = stream;
    return stream;
  }

  @Override
  public void willRead(List<List<Range>> rowGroups) {
    RangedInputStream stream = last;
    if (stream != null) {
      stream.willRead(rowGroups);
    }
  }

  @Override
  public String toString() {
    return file.location();
  }
}
