import { browser } from 'wxt/browser';
import { handleOffscreenMessage } from './handle-message';

browser.runtime.onMessage.addListener(handleOffscreenMessage);
