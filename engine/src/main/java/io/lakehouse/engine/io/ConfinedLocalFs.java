package io.lakehouse.engine.io;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsConstants;

/** {@link ConfinedLocalFileSystem} for Hadoop's {@code FileContext} API. */
public class ConfinedLocalFs extends DelegateToFileSystem {

  public ConfinedLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(uri, new ConfinedLocalFileSystem(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
  }

  @Override
  public int getUriDefaultPort() {
    return -1;
  }
}
