// The Perseid chat as a Cordova app: `meteor add-platform android`, then
// `meteor build <dir> --server https://your.server`. Images are drawn by
// packages/tool/src/cordova/draw-app-images.ts.
App.info({
  id: 'org.perseid.chat',
  name: 'Perseid',
  version: '0.1.0',
  buildNumber: '1',
  description: 'Perseid: a live team chat',
  author: 'Perseid',
  email: 'chat@perseid.invalid',
  website: 'https://perseid.invalid',
});

App.icons({
  android_mdpi: 'resources/icons/icon-48.png',
  android_hdpi: 'resources/icons/icon-72.png',
  android_xhdpi: 'resources/icons/icon-96.png',
  android_xxhdpi: 'resources/icons/icon-144.png',
  android_xxxhdpi: 'resources/icons/icon-192.png',
  app_store: 'resources/icons/icon-1024.png',
  iphone_2x: 'resources/icons/icon-120.png',
  iphone_3x: 'resources/icons/icon-180.png',
  ipad_2x: 'resources/icons/icon-152.png',
  ipad_pro: 'resources/icons/icon-167.png',
});

App.launchScreens({
  android: { src: 'resources/splash/splash-android.png', srcDarkMode: 'resources/splash/splash-android-dark.png' },
  ios_universal: { src: 'resources/splash/splash-ios.png', srcDarkMode: 'resources/splash/splash-ios-dark.png' },
});

App.setPreference('BackgroundColor', '0xff0b1026');
// The status bar takes the sidebar's colour with light icons (cordova-android 15 and
// cordova-ios 8 read StatusBarBackgroundColor themselves); the page keeps clear of it.
App.setPreference('StatusBarOverlaysWebView', 'false');
App.setPreference('StatusBarBackgroundColor', '#1d1b2e');
App.setPreference('StatusBarStyle', 'lightcontent');
App.setPreference('Orientation', 'default');
App.setPreference('AndroidWindowSplashScreenBackground', '#0b1026', 'android');

// Links to other sites open in the system browser, mail and phone links in their apps.
App.accessRule('https://*/*', { type: 'intent' });
App.accessRule('mailto:*', { type: 'intent' });
App.accessRule('tel:*', { type: 'intent' });
