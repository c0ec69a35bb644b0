package io.lakehouse.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesPrinterTest {

  @Test
  void repeatedLabelsGetSuffixesThatCollideWithNoOtherLabel() {
    assertEquals(List.of("x", "x_3", "x_2", "y"), JsonLinesPrinter.uniqueKeys(List.of("x", "x", "x_2", "y")));
    assertEquals(List.of("a", "b", "a_2", "a_3"), JsonLinesPrinter.uniqueKeys(List.of("a", "b", "a", "a")));
  }

  @Test
  void escapesStrings() {
    StringBuilder json = new StringBuilder();
    JsonLinesPrinter.appendString(json, "say \"hi\"\\\n\t\u0001");
    assertEquals("\"say \\\"hi\\\"\\\\\\n\\t\\u0001\"", json.toString());
  }
}
