package io.strata.compile;

import java.nio.file.Files;
import java.nio.file.Path;

/** Identifies this build of Strata: what another build derived (a cache, a macro stamp) is not trusted. */
final class StrataBuild {
    static final String ID = id();

    private StrataBuild() {
    }

    private static String id() {
        try {
            Path code = Path.of(Compiler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getFileName() + "@" + Files.getLastModifiedTime(code).toMillis() + "/" + Files.size(code);
        }
        catch (Exception e) {
            return "unknown-" + System.nanoTime();
        }
    }
}
