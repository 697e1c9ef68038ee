package io.strata.compile;

import io.strata.project.InstalledPackage;
import io.strata.project.ProjectException;
import io.strata.project.ProjectFile;
import io.strata.project.ProjectScanner.ProjectPath;
import io.strata.template.MacroLibrary;
import io.strata.template.MacroPackage;
import io.strata.template.SourceText;
import io.strata.template.TemplateEnvironment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The project's macro files and its installed packages' as one template environment, built on first use and kept while the files are unchanged. */
final class Macros {
    /** The macro files of one compilation (the project's, then each installed package's) and a stamp of their versions. */
    record MacroFiles(String projectName, List<ProjectPath> files, List<InstalledPackage> packages, Map<String, List<String>> dispatch,
                      String stamp) {
    }

    private final FileTexts texts;
    private TemplateEnvironment environment;
    private String environmentStamp = "";

    Macros(FileTexts texts) {
        this.texts = texts;
    }

    /** Notes the macro files; the template environment is built only when a template must be rendered. */
    MacroFiles load(ProjectFile project, List<ProjectPath> files, List<InstalledPackage> packages, CompileCache cache) {
        StringBuilder stamp = new StringBuilder(StrataBuild.ID).append('|').append(project.name()).append('|').append(project.dispatch());
        for (ProjectPath file : files) {
            stamp.append('|').append(file.path()).append('@').append(file.modified()).append('/').append(file.size());
        }
        for (InstalledPackage installed : packages) {
            stamp.append("|package ").append(installed.name());
            for (ProjectPath file : installed.macroFiles()) {
                stamp.append('|').append(file.path()).append('@').append(file.modified()).append('/').append(file.size());
            }
        }
        MacroFiles macroFiles = new MacroFiles(project.name(), List.copyOf(files), List.copyOf(packages), project.dispatch(),
                Fingerprint.of(stamp.toString()));
        if (!cache.macrosValid(macroFiles.stamp())) {
            // Macro files not known to be sound: parse them now so that their errors are reported.
            environment(macroFiles);
        }
        return macroFiles;
    }

    /** The template environment for these macro files, built on first use. */
    synchronized TemplateEnvironment environment(MacroFiles macroFiles) {
        if (environment == null || !environmentStamp.equals(macroFiles.stamp())) {
            List<MacroPackage> packages = new ArrayList<>();
            for (InstalledPackage installed : macroFiles.packages()) {
                packages.add(new MacroPackage(installed.name(), texts(installed.macroFiles())));
            }
            environment = TemplateEnvironment.create(new MacroLibrary(macroFiles.projectName(), texts(macroFiles.files()), packages,
                    macroFiles.dispatch()));
            environmentStamp = macroFiles.stamp();
        }
        return environment;
    }

    /** Whether one of the project's own macro files defines a macro of that name, read without building the environment. */
    boolean projectDefines(MacroFiles macroFiles, String macroName) {
        java.util.regex.Pattern definition = java.util.regex.Pattern.compile("\\{%-?\\s*macro\\s+" + macroName + "\\s*\\(");
        for (ProjectPath file : macroFiles.files()) {
            String text = texts.read(file).value();
            if (text != null && text.contains(macroName) && definition.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    private List<SourceText> texts(List<ProjectPath> files) {
        List<SourceText> macroTexts = new ArrayList<>();
        for (ProjectPath file : files) {
            Outcome<String> text = texts.read(file);
            if (text.value() == null) {
                throw new ProjectException(text.errors());
            }
            macroTexts.add(new SourceText(file.path(), text.value()));
        }
        return macroTexts;
    }
}
