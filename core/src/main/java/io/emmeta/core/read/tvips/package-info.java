/**
 * TVIPS EM-MENU camera TIFFs: the TemData header behind tag 37706.
 */
package io.emmeta.core.read.tvips;
