package com.relance.touch;

/** The ways Relance reaches a prospect. */
public enum Channel {
    EMAIL, LINKEDIN, CALL
}
