/**
 * The LinkedIn channel beyond the manual task: provider mode, LinkedIn quotas, the LinkedIn webhook.
 * Exposed to the console as the {@code linkedin} named interface (the note limit it warns about).
 */
@org.springframework.modulith.NamedInterface("linkedin")
package com.relance.channel.linkedin;
