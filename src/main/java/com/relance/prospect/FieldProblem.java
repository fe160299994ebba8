package com.relance.prospect;

/** One reason a prospect's data was refused: which field, and why. */
public record FieldProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
