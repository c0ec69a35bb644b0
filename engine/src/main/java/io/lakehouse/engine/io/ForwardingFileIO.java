package io.lakehouse.engine.io;

import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * A file IO that an Iceberg catalog makes for its tables and that passes every read, write and
 * delete on to a file IO of the connection's {@link Storage}. That one is the connection's, so
 * closing this one (as a catalog does when it drops a table or closes) closes nothing.
 */
public abstract class ForwardingFileIO implements FileIO {

  /** For subclasses. */
  protected ForwardingFileIO() {}

  /** A file IO passing everything on to {@code io}, leaving it open when closed. */
  public static FileIO unclosed(FileIO io) {
    return new ForwardingFileIO() {
      @Override
      protected FileIO delegate() {
        return io;
      }
    };
  }

  /** The file IO to pass the next call on to. */
  protected abstract FileIO delegate();

  @Override
  public InputFile newInputFile(String path) {
    return delegate().newInputFile(path);
  }

  @Override
  public InputFile newInputFile(String path, long length) {
    return delegate().newInputFile(path, length);
  }

  @Override
  public OutputFile newOutputFile(String path) {
    return delegate().newOutputFile(path);
  }

  @Override
  public void deleteFile(String path) {
    delegate().deleteFile(path);
  }

  @Override
  public void close() {
    // the storage closes what it made when the connection closes
  }
}
