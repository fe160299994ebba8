package com.relance.campaign;

/** A prospect that was not enrolled, and why. */
record Skip(String prospectId, String reason) {
}
