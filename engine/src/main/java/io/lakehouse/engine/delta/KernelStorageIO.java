package io.lakehouse.engine.delta;

import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.fileio.InputFile;
import io.delta.kernel.defaults.engine.fileio.OutputFile;
import io.delta.kernel.defaults.engine.fileio.SeekableInputStream;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.lakehouse.engine.io.Listing;
import io.lakehouse.engine.io.Storage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.iceberg.exceptions.NotFoundException;

/**
 * Delta Kernel's file access over a {@link Storage}, for tables in an object store: listing a log
 * directory from a version on (sorted, with real modification times), file status, and reading.
 * Kernel's default engine needs nothing else to read a table; everything that writes is refused.
 */
final class KernelStorageIO implements FileIO {

  private final Storage storage;

  KernelStorageIO(Storage storage) {
    this.storage = storage;
  }

  @Override
  public CloseableIterator<FileStatus> listFrom(String filePath) throws IOException {
    List<Listing.File> files = storage.listFrom(filePath);
    Iterator<Listing.File> it = files.iterator();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public FileStatus next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        return status(it.next());
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public FileStatus getFileStatus(String path) throws IOException {
    return status(storage.status(path));
  }

  private static FileStatus status(Listing.File file) {
    return FileStatus.of(file.location(), file.size(), file.modifiedMillis());
  }

  @Override
  public String resolvePath(String path) {
    return path;
  }

  @Override
  public InputFile newInputFile(String path, long fileSize) {
    org.apache.iceberg.io.InputFile file =
        fileSize >= 0 ? storage.fileIO().newInputFile(path, fileSize) : storage.fileIO().newInputFile(path);
    return new InputFile() {
      @Override
      public long length() {
        return file.getLength();
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        org.apache.iceberg.io.SeekableInputStream in;
        try {
          in = file.newStream();
        } catch (NotFoundException e) {
          throw missing(path, e);
        }
        return new SeekableInputStream() {
          @Override
          public long getPos() throws IOException {
            return in.getPos();
          }

          @Override
          public void seek(long newPos) throws IOException {
            in.seek(newPos);
          }

          @Override
          public void readFully(byte[] b, int off, int len) throws IOException {
            int done = 0;
            while (done < len) {
              int n = read(b, off + done, len - done);
              if (n < 0) {
                throw new java.io.EOFException("Reached the end of " + path + " after " + done + " of " + len + " bytes");
              }
              done += n;
            }
          }

          @Override
          public int read() throws IOException {
            try {
              return in.read();
            } catch (NotFoundException e) {
              throw missing(path, e);
            }
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            try {
              return in.read(b, off, len);
            } catch (NotFoundException e) {
              throw missing(path, e);
            }
          }

          @Override
          public void close() throws IOException {
            in.close();
          }
        };
      }
    };
  }

  @Override
  public OutputFile newOutputFile(String path) {
    throw readOnly(path);
  }

  @Override
  public boolean delete(String path) {
    throw readOnly(path);
  }

  @Override
  public boolean mkdirs(String path) {
    throw readOnly(path);
  }

  @Override
  public void copyFileAtomically(String srcPath, String destPath, boolean overwrite) {
    throw readOnly(destPath);
  }

  @Override
  public Optional<String> getConf(String confKey) {
    return Optional.empty();
  }

  /**
   * A missing file as Kernel expects it: a {@link FileNotFoundException} (anything else makes it
   * retry, with pauses, for {@code _last_checkpoint}).
   */
  private static FileNotFoundException missing(String path, NotFoundException e) {
    FileNotFoundException missing = new FileNotFoundException("No such file: " + path);
    missing.initCause(e);
    return missing;
  }

  private static UnsupportedOperationException readOnly(String path) {
    return new UnsupportedOperationException("The driver reads tables and never writes: " + path);
  }
}
