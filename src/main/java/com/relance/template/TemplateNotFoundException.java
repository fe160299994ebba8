package com.relance.template;

import java.util.List;

/** No file exists for a template in any of the locales tried. */
public class TemplateNotFoundException extends RuntimeException {

    TemplateNotFoundException(String folder, String name, List<String> tried, String location) {
        super("Template '" + name + "' not found in " + location + folder + "/ (looked for " + String.join(", ", tried) + ")");
    }
}
