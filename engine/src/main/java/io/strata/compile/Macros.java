package io.strata.compile;

import io.strata.project.ProjectException;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.template.SourceText;
import io.strata.template.TemplateEnvironment;

import java.util.ArrayList;
import java.util.List;

/** The project's macro files as one template environment, built on first use and kept while the files are unchanged. */
final class Macros {
    /** The macro files of one compilation and a stamp of their versions. */
    record MacroFiles(List<ProjectPath> files, String stamp) {
    }

    private final FileTexts texts;
    private TemplateEnvironment environment;
    private String environmentStamp = "";

    Macros(FileTexts texts) {
        this.texts = texts;
    }

    /** Notes the macro files; the template environment is built only when a template must be rendered. */
    MacroFiles load(List<ProjectPath> files, CompileCache cache) {
        StringBuilder stamp = new StringBuilder(StrataBuild.ID);
        for (ProjectPath file : files) {
            stamp.append('|').append(file.path()).append('@').append(file.modified()).append('/').append(file.size());
        }
        MacroFiles macroFiles = new MacroFiles(List.copyOf(files), Fingerprint.of(stamp.toString()));
        if (!cache.macrosValid(macroFiles.stamp())) {
            // Macro files not known to be sound: parse them now so that their errors are reported.
            environment(macroFiles);
        }
        return macroFiles;
    }

    /** The template environment for these macro files, built on first use. */
    synchronized TemplateEnvironment environment(MacroFiles macroFiles) {
        if (environment == null || !environmentStamp.equals(macroFiles.stamp())) {
            List<SourceText> macroTexts = new ArrayList<>();
            for (ProjectPath file : macroFiles.files()) {
                Outcome<String> text = texts.read(file);
                if (text.value() == null) {
                    throw new ProjectException(text.errors());
                }
                macroTexts.add(new SourceText(file.path(), text.value()));
            }
            environment = TemplateEnvironment.create(macroTexts);
            environmentStamp = macroFiles.stamp();
        }
        return environment;
    }
}
