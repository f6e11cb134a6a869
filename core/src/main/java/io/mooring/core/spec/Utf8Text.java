package io.mooring.core.spec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes a file strictly as UTF-8, so binary garbage is refused with the place it starts. */
final class Utf8Text {
  private Utf8Text() {}

  static String decode(String file, byte[] content) throws YamlReadException {
    for (int i = 0; i < content.length; i++) {
      // UTF-8 encodes nothing else with a zero byte; YAML text never holds one.
      if (content[i] == 0) {
        throw new YamlReadException(position(file, content, i), "not UTF-8 text (binary file?)");
      }
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(content);
    CharBuffer out = CharBuffer.allocate(content.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw new YamlReadException(
          position(file, content, in.position()), "not UTF-8 text (binary file?)");
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    // A byte-order mark is legal at the start of a UTF-8 file and means nothing.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static SourceLocation position(String file, byte[] content, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < content.length; i++) {
      if (content[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new SourceLocation(file, line, offset - lineStart + 1);
  }
}
